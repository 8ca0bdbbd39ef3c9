package dev.coffer.spark.internal;

import dev.coffer.ConfigurationException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A decrypted item as a row of a user-given schema: each field takes the attribute of the same name
 * (absent or {@code NULL}: {@code null}); attributes the schema does not name are left out. Arrays
 * and maps are handed to Spark as Scala collections, as its row encoder expects. A value
 * of the wrong type is a {@link Mismatch} naming the attribute and both types, never the value.
 *
 * <p>Thread-safety: stateless.
 */
public final class RowFlattener {
    private RowFlattener() {
    }

    /** A value that does not fit its column; the message names the attribute and types only. */
    public static final class Mismatch extends Exception {
        private static final long serialVersionUID = 1L;

        Mismatch(String message) {
            super(message);
        }
    }

    /** Checks that every column type is one this class fills, before any task runs. */
    public static void validate(StructType schema) {
        for (StructField f : schema.fields()) {
            validate(f.name(), f.dataType());
        }
    }

    private static void validate(String name, DataType t) {
        if (t instanceof StringType || t instanceof LongType || t instanceof IntegerType || t instanceof ShortType
                || t instanceof ByteType || t instanceof DoubleType || t instanceof FloatType
                || t instanceof DecimalType || t instanceof BooleanType || t instanceof BinaryType) {
            return;
        }
        if (t instanceof ArrayType) {
            validate(name, ((ArrayType) t).elementType());
            return;
        }
        if (t instanceof MapType) {
            if (!(((MapType) t).keyType() instanceof StringType)) {
                throw new ConfigurationException("schema column '" + name + "': map keys must be strings");
            }
            validate(name, ((MapType) t).valueType());
            return;
        }
        if (t instanceof StructType) {
            validate((StructType) t);
            return;
        }
        throw new ConfigurationException("schema column '" + name + "': type " + t.simpleString()
                + " cannot hold a DynamoDB value; use string, numbers, decimal, boolean, binary, array, map or struct");
    }

    /** The row of {@code item} under {@code schema}. */
    public static Row toRow(Map<String, AttributeValue> item, StructType schema) throws Mismatch {
        StructField[] fields = schema.fields();
        Object[] values = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            StructField f = fields[i];
            AttributeValue v = item.get(f.name());
            values[i] = convert(f.name(), v, f.dataType());
            if (values[i] == null && !f.nullable()) {
                throw new Mismatch("attribute '" + f.name() + "' is missing or NULL, and its column is not nullable");
            }
        }
        return RowFactory.create(values);
    }

    private static Object convert(String name, AttributeValue v, DataType t) throws Mismatch {
        if (v == null || v.type() == AttributeValue.Type.NUL) {
            return null;
        }
        AttributeValue.Type at = v.type();
        try {
            if (t instanceof StringType) {
                if (at == AttributeValue.Type.S) {
                    return v.s();
                }
                if (at == AttributeValue.Type.N) {
                    return v.n();
                }
            } else if (t instanceof LongType && at == AttributeValue.Type.N) {
                return new BigDecimal(v.n()).longValueExact();
            } else if (t instanceof IntegerType && at == AttributeValue.Type.N) {
                return new BigDecimal(v.n()).intValueExact();
            } else if (t instanceof ShortType && at == AttributeValue.Type.N) {
                return new BigDecimal(v.n()).shortValueExact();
            } else if (t instanceof ByteType && at == AttributeValue.Type.N) {
                return new BigDecimal(v.n()).byteValueExact();
            } else if (t instanceof DoubleType && at == AttributeValue.Type.N) {
                return Double.parseDouble(v.n());
            } else if (t instanceof FloatType && at == AttributeValue.Type.N) {
                return Float.parseFloat(v.n());
            } else if (t instanceof DecimalType && at == AttributeValue.Type.N) {
                DecimalType d = (DecimalType) t;
                BigDecimal b = new BigDecimal(v.n()).setScale(d.scale(), java.math.RoundingMode.UNNECESSARY);
                if (b.precision() > d.precision()) {
                    throw new Mismatch("attribute '" + name + "' has more digits than its column " + t.simpleString());
                }
                return b;
            } else if (t instanceof BooleanType && at == AttributeValue.Type.BOOL) {
                return v.bool();
            } else if (t instanceof BinaryType && at == AttributeValue.Type.B) {
                return v.b().asByteArray();
            } else if (t instanceof ArrayType) {
                DataType e = ((ArrayType) t).elementType();
                List<Object> out = new ArrayList<>();
                switch (at) {
                    case SS:
                        for (String s : v.ss()) {
                            out.add(convert(name, AttributeValue.fromS(s), e));
                        }
                        return CollectionConverters.asScala(out);
                    case NS:
                        for (String s : v.ns()) {
                            out.add(convert(name, AttributeValue.fromN(s), e));
                        }
                        return CollectionConverters.asScala(out);
                    case BS:
                        for (SdkBytes b : v.bs()) {
                            out.add(convert(name, AttributeValue.fromB(b), e));
                        }
                        return CollectionConverters.asScala(out);
                    case L:
                        for (AttributeValue x : v.l()) {
                            out.add(convert(name, x, e));
                        }
                        return CollectionConverters.asScala(out);
                    default:
                        break;
                }
            } else if (t instanceof MapType && at == AttributeValue.Type.M) {
                DataType vt = ((MapType) t).valueType();
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<String, AttributeValue> x : v.m().entrySet()) {
                    out.put(x.getKey(), convert(name, x.getValue(), vt));
                }
                return CollectionConverters.asScala(out);
            } else if (t instanceof StructType && at == AttributeValue.Type.M) {
                return toRow(v.m(), (StructType) t);
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new Mismatch("attribute '" + name + "' is a number that does not fit its column " + t.simpleString());
        }
        throw new Mismatch("attribute '" + name + "' is " + at + ", its column is " + t.simpleString());
    }
}
