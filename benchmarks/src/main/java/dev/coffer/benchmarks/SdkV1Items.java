package dev.coffer.benchmarks;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Converts items between the AWS SDK v2 model (Coffer, the Database Encryption SDK) and the SDK v1
 * model the legacy DynamoDB Encryption Client works on, so every library encrypts the same values.
 * Conversion happens in {@code @Setup}, never inside a timed method.
 *
 * <p>Thread-safety: stateless.
 */
public final class SdkV1Items {
    private SdkV1Items() {
    }

    /** The SDK v1 form of a v2 item. */
    public static Map<String, com.amazonaws.services.dynamodbv2.model.AttributeValue> toV1(
            Map<String, AttributeValue> item) {
        Map<String, com.amazonaws.services.dynamodbv2.model.AttributeValue> out = new LinkedHashMap<>();
        item.forEach((k, v) -> out.put(k, toV1(v)));
        return out;
    }

    /** The SDK v2 form of a v1 item. */
    public static Map<String, AttributeValue> toV2(Map<String, com.amazonaws.services.dynamodbv2.model.AttributeValue> item) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        item.forEach((k, v) -> out.put(k, toV2(v)));
        return out;
    }

    static com.amazonaws.services.dynamodbv2.model.AttributeValue toV1(AttributeValue v) {
        com.amazonaws.services.dynamodbv2.model.AttributeValue o = new com.amazonaws.services.dynamodbv2.model.AttributeValue();
        switch (v.type()) {
            case S:
                return o.withS(v.s());
            case N:
                return o.withN(v.n());
            case B:
                return o.withB(ByteBuffer.wrap(v.b().asByteArray()));
            case BOOL:
                return o.withBOOL(v.bool());
            case NUL:
                return o.withNULL(v.nul());
            case SS:
                return o.withSS(new ArrayList<>(v.ss()));
            case NS:
                return o.withNS(new ArrayList<>(v.ns()));
            case BS: {
                List<ByteBuffer> bs = new ArrayList<>();
                v.bs().forEach(b -> bs.add(ByteBuffer.wrap(b.asByteArray())));
                return o.withBS(bs);
            }
            case L: {
                List<com.amazonaws.services.dynamodbv2.model.AttributeValue> l = new ArrayList<>();
                v.l().forEach(e -> l.add(toV1(e)));
                return o.withL(l);
            }
            case M:
                return o.withM(toV1(v.m()));
            default:
                throw new IllegalArgumentException("unknown attribute type " + v.type());
        }
    }

    static AttributeValue toV2(com.amazonaws.services.dynamodbv2.model.AttributeValue v) {
        if (v.getS() != null) {
            return AttributeValue.fromS(v.getS());
        }
        if (v.getN() != null) {
            return AttributeValue.fromN(v.getN());
        }
        if (v.getB() != null) {
            return AttributeValue.fromB(SdkBytes.fromByteBuffer(v.getB().duplicate()));
        }
        if (v.getBOOL() != null) {
            return AttributeValue.fromBool(v.getBOOL());
        }
        if (v.getNULL() != null) {
            return AttributeValue.fromNul(v.getNULL());
        }
        if (v.getSS() != null) {
            return AttributeValue.fromSs(v.getSS());
        }
        if (v.getNS() != null) {
            return AttributeValue.fromNs(v.getNS());
        }
        if (v.getBS() != null) {
            List<SdkBytes> bs = new ArrayList<>();
            v.getBS().forEach(b -> bs.add(SdkBytes.fromByteBuffer(b.duplicate())));
            return AttributeValue.fromBs(bs);
        }
        if (v.getL() != null) {
            List<AttributeValue> l = new ArrayList<>();
            v.getL().forEach(e -> l.add(toV2(e)));
            return AttributeValue.fromL(l);
        }
        if (v.getM() != null) {
            return AttributeValue.fromM(toV2(v.getM()));
        }
        throw new IllegalArgumentException("attribute value without a type");
    }
}
