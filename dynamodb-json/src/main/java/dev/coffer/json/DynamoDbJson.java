package dev.coffer.json;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB JSON to and from the AWS SDK v2 item model: an item is a JSON object of attribute names
 * to typed values such as {@code {"S": "text"}}, {@code {"N": "12.5"}}, {@code {"B": "base64"}},
 * {@code {"SS": [...]}}, {@code {"NS": [...]}}, {@code {"BS": [...]}}, {@code {"L": [...]}},
 * {@code {"M": {...}}}, {@code {"BOOL": true}} or {@code {"NULL": true}}: what
 * {@code aws dynamodb get-item} prints and {@code put-item} takes, and, wrapped as
 * {@code {"Item": {...}}} one per line, what a DynamoDB table export holds.
 *
 * <p>Reading is as strict as DynamoDB and the AWS CLI, because what is read here is then encrypted,
 * signed or verified: a number is a JSON string kept exactly as written ({@code {"N": 5}} is refused:
 * a JSON number may not survive a double), set members are strings, {@code BOOL} is a JSON boolean,
 * {@code NULL} is {@code true}, binaries are base64, a typed value has exactly one type, an attribute
 * name appears once per object (a duplicate is refused, not resolved: two readers could pick
 * different ones), values nest at most {@value #MAX_DEPTH} levels, and nothing may follow the
 * document. A refusal is a {@link DynamoDbJsonException} naming the place and the rule, never a value.
 * Reading checks the grammar only: whether a number is one DynamoDB accepts, or a set has duplicate
 * members, is for the consumer (Coffer's encryptor refuses both with its own message).
 *
 * <p>Writing is deterministic: attributes and map keys in {@link String#compareTo} order, compact,
 * numbers as the strings they are, binaries in padded base64, so equal items always give equal text.
 *
 * <p>Thread-safety: stateless and thread-safe.
 *
 * <pre>{@code
 * Map<String, AttributeValue> item = DynamoDbJson.readItem("{\"pk\": {\"S\": \"user#1\"}, \"n\": {\"N\": \"7\"}}");
 * String text = DynamoDbJson.writeItem(item);      // {"n":{"N":"7"},"pk":{"S":"user#1"}}
 * Map<String, AttributeValue> fromExport = DynamoDbJson.readExportLine(lineOfAnExportFile);
 * }</pre>
 */
public final class DynamoDbJson {
    /** DynamoDB nests documents at most 32 levels deep; an attribute's own value is level 0. */
    public static final int MAX_DEPTH = 32;
    /** DynamoDB's longest attribute name is 65,535 bytes of UTF-8, which is at most as many characters. */
    private static final int MAX_NAME_CHARS = 65_535;

    private static final Set<String> TYPES = Set.of("S", "N", "B", "SS", "NS", "BS", "M", "L", "BOOL", "NULL");
    private static final Base64Variant BASE64 = Base64Variants.MIME_NO_LINEFEEDS;
    /**
     * Locations never quote the input: a message must not carry a value. Names may be as long as
     * DynamoDB allows (65,535 bytes, so at most as many characters; Jackson's default stops at 50,000).
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNameLength(MAX_NAME_CHARS).build())
            .build();

    private DynamoDbJson() {
    }

    /** The type names DynamoDB JSON uses, such as {@code S} and {@code NULL}. */
    public static Set<String> typeNames() {
        return TYPES;
    }

    /**
     * An item from a JSON object of attribute names to typed values, in document order (unmodifiable).
     *
     * @throws DynamoDbJsonException if {@code json} is not such an object
     */
    public static Map<String, AttributeValue> readItem(String json) {
        return read(json, p -> item(p, p.nextToken(), Path.ROOT, 0, "the document is not a JSON object of attributes"));
    }

    /**
     * The item of one line of a DynamoDB table export in DynamoDB JSON, {@code {"Item": {...}}};
     * other fields of the line are skipped. Incremental exports ({@code NewImage}, ...) have no
     * {@code Item} and are refused.
     *
     * @throws DynamoDbJsonException if the line is not such an object
     */
    public static Map<String, AttributeValue> readExportLine(String line) {
        return read(line, p -> {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new DynamoDbJsonException("", "the line is not a JSON object");
            }
            Map<String, AttributeValue> item = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (!"Item".equals(field)) {
                    p.skipChildren();
                } else if (item != null) {
                    throw new DynamoDbJsonException("", "the line has two \"Item\" fields");
                } else {
                    item = item(p, t, Path.ROOT, 0, "\"Item\" is not a JSON object of attributes");
                }
            }
            if (item == null) {
                throw new DynamoDbJsonException("", "the line has no \"Item\" object (an export in DynamoDB JSON has "
                        + "one per line; incremental exports are not items)");
            }
            return item;
        });
    }

    /**
     * One typed value, such as {@code {"S": "text"}}.
     *
     * @throws DynamoDbJsonException if {@code json} is not a typed value
     */
    public static AttributeValue readValue(String json) {
        return read(json, p -> value(p, p.nextToken(), Path.VALUE, 0));
    }

    /** The item as a compact DynamoDB JSON object, attributes in name order. */
    public static String writeItem(Map<String, AttributeValue> item) {
        return write(g -> writeItem(g, item));
    }

    /** The item as one line of a DynamoDB table export, {@code {"Item":{...}}}, without a line break. */
    public static String writeExportLine(Map<String, AttributeValue> item) {
        return write(g -> {
            g.writeStartObject();
            g.writeFieldName("Item");
            writeItem(g, item);
            g.writeEndObject();
        });
    }

    /** One typed value, such as {@code {"S":"text"}}. */
    public static String writeValue(AttributeValue value) {
        return write(g -> writeValue(g, value));
    }

    // ---- reading

    private interface Reader<T> {
        T read(JsonParser p) throws IOException;
    }

    private static <T> T read(String json, Reader<T> reader) {
        if (json == null) {
            throw new DynamoDbJsonException("", "no input (null)");
        }
        try (JsonParser p = JSON.createParser(json)) {
            T result = reader.read(p);
            if (p.nextToken() != null) {
                throw new DynamoDbJsonException(where(p.currentLocation()), "text after the end of the JSON document");
            }
            return result;
        } catch (StreamConstraintsException e) {
            throw new DynamoDbJsonException(where(e.getLocation()), "larger than DynamoDB allows (a name over 65,535 "
                    + "bytes, or a value or nesting beyond what an item can hold)");
        } catch (JsonProcessingException e) {
            // Jackson's own message may quote the input: only its location is kept.
            throw new DynamoDbJsonException(where(e.getLocation()), "not valid JSON");
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String source does not fail
        }
    }

    private static String where(JsonLocation l) {
        return l == null ? "" : "line " + l.getLineNr() + ", column " + l.getColumnNr();
    }

    private static Map<String, AttributeValue> item(JsonParser p, JsonToken t, Path path, int depth, String notObject)
            throws IOException {
        if (t == null) {
            throw new DynamoDbJsonException(path.toString(), "no input");
        }
        if (t != JsonToken.START_OBJECT) {
            throw new DynamoDbJsonException(path.toString(), notObject);
        }
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            Path at = path.key(name, m.size());
            if (m.put(name, value(p, p.nextToken(), at, depth)) != null) {
                throw new DynamoDbJsonException(at.toString(), "the name appears twice in one object; DynamoDB "
                        + "names are unique, and readers could disagree on which one counts");
            }
        }
        return Collections.unmodifiableMap(m);
    }

    private static AttributeValue value(JsonParser p, JsonToken t, Path at, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new DynamoDbJsonException(at.toString(), "nested deeper than the " + MAX_DEPTH
                    + " levels DynamoDB allows");
        }
        if (t != JsonToken.START_OBJECT) {
            throw new DynamoDbJsonException(at.toString(), "expected a typed value such as {\"S\": \"text\"} or "
                    + "{\"N\": \"1\"}");
        }
        if (p.nextToken() != JsonToken.FIELD_NAME) {
            throw new DynamoDbJsonException(at.toString(), "the typed value is empty; give one type, such as "
                    + "{\"S\": \"text\"}");
        }
        String type = p.currentName();
        JsonToken v = p.nextToken();
        AttributeValue result;
        switch (type) {
            case "S":
                result = AttributeValue.fromS(text(p, v, at, type));
                break;
            case "N":
                result = AttributeValue.fromN(text(p, v, at, type));
                break;
            case "B":
                result = AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(binary(p, v, at)));
                break;
            case "BOOL":
                if (v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_FALSE) {
                    throw new DynamoDbJsonException(at.toString(), "BOOL takes true or false (a JSON boolean)");
                }
                result = AttributeValue.fromBool(v == JsonToken.VALUE_TRUE);
                break;
            case "NULL":
                if (v != JsonToken.VALUE_TRUE) {
                    throw new DynamoDbJsonException(at.toString(), "NULL takes true, as in {\"NULL\": true}");
                }
                result = AttributeValue.fromNul(Boolean.TRUE);
                break;
            case "SS":
                result = AttributeValue.fromSs(texts(p, v, at, type));
                break;
            case "NS":
                result = AttributeValue.fromNs(texts(p, v, at, type));
                break;
            case "BS": {
                array(v, at, "BS takes an array of base64 strings");
                List<SdkBytes> l = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    l.add(SdkBytes.fromByteArrayUnsafe(binary(p, e, at.index(l.size()))));
                }
                result = AttributeValue.fromBs(l);
                break;
            }
            case "L": {
                array(v, at, "L takes an array of typed values");
                List<AttributeValue> l = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    l.add(value(p, e, at.index(l.size()), depth + 1));
                }
                result = AttributeValue.fromL(l);
                break;
            }
            case "M":
                result = AttributeValue.fromM(item(p, v, at, depth + 1, "M takes a JSON object of names to typed values"));
                break;
            default:
                throw new DynamoDbJsonException(at.toString(), "unknown type \"" + printable(type) + "\"; the types are "
                        + "S, N, B, SS, NS, BS, M, L, BOOL and NULL");
        }
        if (p.nextToken() != JsonToken.END_OBJECT) {
            throw new DynamoDbJsonException(at.toString(), "a typed value has exactly one type; this one has more");
        }
        return result;
    }

    private static void array(JsonToken t, Path at, String message) {
        if (t != JsonToken.START_ARRAY) {
            throw new DynamoDbJsonException(at.toString(), message);
        }
    }

    private static String text(JsonParser p, JsonToken t, Path at, String type) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (type.startsWith("N") && (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT)) {
            throw new DynamoDbJsonException(at.toString(), ("N".equals(type) ? "N takes the number as a JSON string"
                    : "NS takes each number as a JSON string") + ", such as {\"N\": \"5\"}, as the AWS CLI does; a bare "
                    + "JSON number is refused because it could change on the way (a double keeps only about 16 digits)");
        }
        throw new DynamoDbJsonException(at.toString(), type + (type.length() == 1 ? " takes a JSON string"
                : " takes an array of JSON strings"));
    }

    private static List<String> texts(JsonParser p, JsonToken t, Path at, String type) throws IOException {
        array(t, at, type + " takes an array of JSON strings");
        List<String> l = new ArrayList<>();
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
            l.add(text(p, e, at.index(l.size()), type));
        }
        return l;
    }

    /** Decodes base64 from the parser's buffer (no intermediate string: binaries can be large). */
    private static byte[] binary(JsonParser p, JsonToken t, Path at) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw new DynamoDbJsonException(at.toString(), "a binary value is a base64 JSON string");
        }
        try {
            return p.getBinaryValue(BASE64);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new DynamoDbJsonException(at.toString(), "a binary value is base64 (RFC 4648, padded), and this "
                    + "one is not");
        }
    }

    /** A type name is the document's own text: kept only if short and plain, for the message. */
    private static String printable(String s) {
        return s.length() <= 8 && s.chars().allMatch(c -> c >= 'A' && c <= 'Z') ? s : "...";
    }

    /**
     * Where a value sits, for messages only: built as the reader descends, rendered only on error. An
     * item's attribute names are quoted; the keys of a map value are not (they are part of the value,
     * which may be plaintext to encrypt): such a step is the entry's position, {@code map entry 2}.
     */
    private static final class Path {
        static final Path ROOT = new Path(null, "attribute", -1);
        static final Path VALUE = new Path(null, "the value", -1);
        /** Names are quoted in messages, but not without end: a name can be 64 KB. */
        private static final int NAME_CHARS = 64;

        private final Path parent;
        /** The root's words, an attribute name, or null for a list index or a map entry. */
        private final String name;
        /** A list index, or a map entry's position; -1 for an attribute name or the root. */
        private final int index;

        private Path(Path parent, String name, int index) {
            this.parent = parent;
            this.name = name;
            this.index = index;
        }

        /** The {@code position}-th entry of an object: an attribute named {@code key} at the top, else a map entry. */
        Path key(String key, int position) {
            return parent == null && this != VALUE ? new Path(this, key, -1) : new Path(this, null, -2 - position);
        }

        Path index(int i) {
            return new Path(this, null, i);
        }

        @Override
        public String toString() {
            if (parent == null) {
                return this == VALUE ? name : "";
            }
            List<String> steps = new ArrayList<>();
            Path x = this;
            for (; x.parent != null; x = x.parent) {
                steps.add(x.name != null ? "'" + (x.name.length() <= NAME_CHARS ? x.name : x.name.substring(0, NAME_CHARS)
                        + "...") + "'" : x.index >= 0 ? "[" + x.index + "]" : "map entry " + (-2 - x.index));
            }
            Collections.reverse(steps);
            return x.name + " " + String.join(" > ", steps);
        }
    }

    // ---- writing

    private interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Writer writer) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return w.toString();
    }

    private static void writeItem(JsonGenerator g, Map<String, AttributeValue> item) throws IOException {
        g.writeStartObject();
        String[] names = item.keySet().toArray(new String[0]);
        Arrays.sort(names);
        for (String name : names) {
            g.writeFieldName(name);
            writeValue(g, item.get(name));
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
                writeBinary(g, v.b());
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
                    writeBinary(g, b);
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
                throw new IllegalArgumentException("an attribute value of a type this SDK version does not know ("
                        + v.type() + ") cannot be written as DynamoDB JSON");
        }
        g.writeEndObject();
    }

    private static void writeBinary(JsonGenerator g, SdkBytes b) throws IOException {
        byte[] bytes = b.asByteArrayUnsafe();
        g.writeBinary(BASE64, bytes, 0, bytes.length);
    }

    private static void writeStrings(JsonGenerator g, String type, List<String> values) throws IOException {
        g.writeArrayFieldStart(type);
        for (String s : values) {
            g.writeString(s);
        }
        g.writeEndArray();
    }
}
