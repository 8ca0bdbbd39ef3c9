package dev.coffer.spark.internal;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB JSON (the export and import format: {@code {"Item":{"pk":{"S":"a"},...}}}) to and from
 * the SDK's item model, with Jackson's streaming API (Jackson comes with Spark).
 *
 * <p>Thread-safety: stateless; the shared {@link JsonFactory} is thread-safe.
 */
public final class DynamoJson {
    private static final JsonFactory JSON = new JsonFactory();

    private DynamoJson() {
    }

    /** A malformed line: the message says where, never what the line held. */
    public static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    /** The item of one export line {@code {"Item": {...}}}. */
    public static Map<String, AttributeValue> parseLine(String line) throws MalformedException {
        try (JsonParser p = JSON.createParser(line)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "the line is not a JSON object");
            Map<String, AttributeValue> item = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if ("Item".equals(field)) {
                    item = parseItemBody(p);
                } else {
                    p.skipChildren();
                }
            }
            if (item == null) {
                throw new MalformedException("the line has no \"Item\" object");
            }
            if (p.nextToken() != null) {
                throw new MalformedException("text after the line's JSON object");
            }
            return item;
        } catch (IOException e) {
            throw new MalformedException("not valid JSON (" + e.getClass().getSimpleName() + " at column "
                    + columnOf(e) + ")");
        }
    }

    private static String columnOf(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException) {
            com.fasterxml.jackson.core.JsonLocation l = ((com.fasterxml.jackson.core.JsonProcessingException) e).getLocation();
            return l == null ? "?" : String.valueOf(l.getColumnNr());
        }
        return "?";
    }

    private static Map<String, AttributeValue> parseItemBody(JsonParser p) throws IOException, MalformedException {
        expect(p.currentToken(), JsonToken.START_OBJECT, "\"Item\" is not an object");
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            item.put(name, parseValue(p, name));
        }
        return item;
    }

    private static AttributeValue parseValue(JsonParser p, String name) throws IOException, MalformedException {
        expect(p.currentToken(), JsonToken.START_OBJECT, "attribute '" + name + "' is not a typed value object");
        if (p.nextToken() != JsonToken.FIELD_NAME) {
            throw new MalformedException("attribute '" + name + "' has no type");
        }
        String type = p.currentName();
        JsonToken t = p.nextToken();
        AttributeValue v;
        switch (type) {
            case "S":
                v = AttributeValue.fromS(text(p, t, name));
                break;
            case "N":
                v = AttributeValue.fromN(text(p, t, name));
                break;
            case "B":
                v = AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(binary(p, t, name)));
                break;
            case "BOOL":
                if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                    throw new MalformedException("attribute '" + name + "': BOOL is not true or false");
                }
                v = AttributeValue.fromBool(t == JsonToken.VALUE_TRUE);
                break;
            case "NULL":
                v = AttributeValue.fromNul(Boolean.TRUE);
                break;
            case "SS":
                v = AttributeValue.fromSs(strings(p, t, name));
                break;
            case "NS":
                v = AttributeValue.fromNs(strings(p, t, name));
                break;
            case "BS": {
                List<SdkBytes> bs = new ArrayList<>();
                for (String s : strings(p, t, name)) {
                    bs.add(SdkBytes.fromByteArrayUnsafe(base64(s, name)));
                }
                v = AttributeValue.fromBs(bs);
                break;
            }
            case "L": {
                expect(t, JsonToken.START_ARRAY, "attribute '" + name + "': L is not an array");
                List<AttributeValue> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(parseValue(p, name));
                }
                v = AttributeValue.fromL(l);
                break;
            }
            case "M": {
                expect(t, JsonToken.START_OBJECT, "attribute '" + name + "': M is not an object");
                Map<String, AttributeValue> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    p.nextToken();
                    m.put(k, parseValue(p, name));
                }
                v = AttributeValue.fromM(m);
                break;
            }
            default:
                throw new MalformedException("attribute '" + name + "' has unknown type '" + type + "'");
        }
        if (p.nextToken() != JsonToken.END_OBJECT) {
            throw new MalformedException("attribute '" + name + "' has more than one type");
        }
        return v;
    }

    private static String text(JsonParser p, JsonToken t, String name) throws IOException, MalformedException {
        if (t != JsonToken.VALUE_STRING) {
            throw new MalformedException("attribute '" + name + "': value is not a JSON string");
        }
        return p.getText();
    }

    /** Decodes base64 straight from the parser's buffer (no intermediate string: binaries can be large). */
    private static byte[] binary(JsonParser p, JsonToken t, String name) throws IOException, MalformedException {
        if (t != JsonToken.VALUE_STRING) {
            throw new MalformedException("attribute '" + name + "': value is not a JSON string");
        }
        try {
            return p.getBinaryValue(Base64Variants.MIME_NO_LINEFEEDS);
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedException("attribute '" + name + "': binary value is not base64");
        }
    }

    private static List<String> strings(JsonParser p, JsonToken t, String name) throws IOException, MalformedException {
        expect(t, JsonToken.START_ARRAY, "attribute '" + name + "': set is not an array");
        List<String> out = new ArrayList<>();
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
            out.add(text(p, e, name));
        }
        return out;
    }

    private static byte[] base64(String s, String name) throws MalformedException {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new MalformedException("attribute '" + name + "': binary value is not base64");
        }
    }

    private static void expect(JsonToken actual, JsonToken expected, String message) throws MalformedException {
        if (actual != expected) {
            throw new MalformedException(message);
        }
    }

    /** One import/export line: {@code {"Item":{...}}}. */
    public static String line(Map<String, AttributeValue> item) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeFieldName("Item");
            writeItem(g, item);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** An item (or a key) as a DynamoDB JSON object {@code {"pk":{"S":"a"},...}}. */
    public static String item(Map<String, AttributeValue> item) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            writeItem(g, item);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void writeItem(JsonGenerator g, Map<String, AttributeValue> item) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            g.writeFieldName(e.getKey());
            writeValue(g, e.getValue());
        }
        g.writeEndObject();
    }

    private static void writeValue(JsonGenerator g, AttributeValue v) throws IOException {
        g.writeStartObject();
        switch (v.type()) {
            case S:
                g.writeStringField("S", v.s());
                break;
            case N:
                g.writeStringField("N", v.n());
                break;
            case B:
                g.writeFieldName("B");
                g.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, v.b().asByteArrayUnsafe(), 0, v.b().asByteArrayUnsafe().length);
                break;
            case BOOL:
                g.writeBooleanField("BOOL", v.bool());
                break;
            case NUL:
                g.writeBooleanField("NULL", true);
                break;
            case SS:
                writeStrings(g, "SS", v.ss());
                break;
            case NS:
                writeStrings(g, "NS", v.ns());
                break;
            case BS:
                g.writeArrayFieldStart("BS");
                for (SdkBytes b : v.bs()) {
                    g.writeString(Base64.getEncoder().encodeToString(b.asByteArrayUnsafe()));
                }
                g.writeEndArray();
                break;
            case L:
                g.writeArrayFieldStart("L");
                for (AttributeValue e : v.l()) {
                    writeValue(g, e);
                }
                g.writeEndArray();
                break;
            case M:
                g.writeFieldName("M");
                writeItem(g, v.m());
                break;
            default:
                throw new IllegalArgumentException("attribute value of unknown type " + v.type());
        }
        g.writeEndObject();
    }

    private static void writeStrings(JsonGenerator g, String type, List<String> values) throws IOException {
        g.writeArrayFieldStart(type);
        for (String s : values) {
            g.writeString(s);
        }
        g.writeEndArray();
    }
}
