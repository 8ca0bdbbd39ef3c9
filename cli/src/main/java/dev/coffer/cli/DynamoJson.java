package dev.coffer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB JSON, the format {@code aws dynamodb get-item} prints, to and from SDK v2 items. */
final class DynamoJson {
    static final Set<String> TYPES = Set.of("S", "N", "B", "SS", "NS", "BS", "M", "L", "BOOL", "NULL");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private DynamoJson() {
    }

    static ObjectNode toJson(Map<String, AttributeValue> item) {
        ObjectNode o = F.objectNode();
        new TreeMap<>(item).forEach((k, v) -> o.set(k, toJson(v)));
        return o;
    }

    static ObjectNode toJson(AttributeValue v) {
        ObjectNode o = F.objectNode();
        switch (v.type()) {
            case S: o.put("S", v.s()); break;
            case N: o.put("N", v.n()); break;
            case B: o.put("B", Base64.getEncoder().encodeToString(v.b().asByteArrayUnsafe())); break;
            case BOOL: o.put("BOOL", v.bool()); break;
            case NUL: o.put("NULL", true); break;
            case SS: { ArrayNode a = o.putArray("SS"); v.ss().forEach(a::add); break; }
            case NS: { ArrayNode a = o.putArray("NS"); v.ns().forEach(a::add); break; }
            case BS: {
                ArrayNode a = o.putArray("BS");
                v.bs().forEach(b -> a.add(Base64.getEncoder().encodeToString(b.asByteArrayUnsafe())));
                break;
            }
            case L: { ArrayNode a = o.putArray("L"); v.l().forEach(e -> a.add(toJson(e))); break; }
            case M: o.set("M", toJson(v.m())); break;
            default: throw new IllegalArgumentException("unsupported attribute type " + v.type());
        }
        return o;
    }

    /** An item from a JSON object of attribute name to typed value; {@code where} names it in errors. */
    static Map<String, AttributeValue> item(JsonNode o, String where) {
        if (!o.isObject()) {
            throw new UsageError(where + ": expected a JSON object of attributes, found " + o.getNodeType());
        }
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), value(e.getValue(), where + ", attribute '" + e.getKey() + "'"));
        }
        return m;
    }

    static boolean isTypedValue(JsonNode o) {
        if (!o.isObject() || o.size() != 1) {
            return false;
        }
        return TYPES.contains(o.fieldNames().next());
    }

    /**
     * One typed value, as strict as the AWS CLI: {@code N} is a string holding the number, kept
     * exactly as written ({@code {"N": 5}} is refused, as {@code aws dynamodb put-item} refuses
     * it: a JSON number may not survive a double), set members are strings, {@code BOOL} a boolean
     * and {@code NULL} true. Errors name the attribute, never its value.
     */
    static AttributeValue value(JsonNode o, String where) {
        if (!isTypedValue(o)) {
            throw new UsageError(where + ": expected a typed value such as {\"S\": \"text\"} or {\"N\": \"1\"}");
        }
        Map.Entry<String, JsonNode> e = o.properties().iterator().next();
        JsonNode v = e.getValue();
        String type = e.getKey();
        switch (type) {
            case "S": return AttributeValue.fromS(text(v, where, type));
            case "N": return AttributeValue.fromN(text(v, where, type));
            case "B": return AttributeValue.fromB(SdkBytes.fromByteArray(base64(text(v, where, type), where)));
            case "BOOL":
                if (!v.isBoolean()) {
                    throw new UsageError(where + ": BOOL takes true or false (a JSON boolean)");
                }
                return AttributeValue.fromBool(v.booleanValue());
            case "NULL":
                if (!v.isBoolean() || !v.booleanValue()) {
                    throw new UsageError(where + ": NULL takes true, as in {\"NULL\": true}");
                }
                return AttributeValue.fromNul(true);
            case "SS": return AttributeValue.fromSs(texts(v, where, type));
            case "NS": return AttributeValue.fromNs(texts(v, where, type));
            case "BS": {
                List<SdkBytes> l = new ArrayList<>();
                for (String b : texts(v, where, type)) {
                    l.add(SdkBytes.fromByteArray(base64(b, where)));
                }
                return AttributeValue.fromBs(l);
            }
            case "L": {
                if (!v.isArray()) {
                    throw new UsageError(where + ": L takes an array of typed values");
                }
                List<AttributeValue> l = new ArrayList<>();
                int i = 0;
                for (JsonNode x : v) {
                    l.add(value(x, where + "[" + i++ + "]"));
                }
                return AttributeValue.fromL(l);
            }
            case "M": return AttributeValue.fromM(item(v, where));
            default: throw new UsageError(where + ": unknown type " + type);
        }
    }

    private static String text(JsonNode v, String where, String type) {
        if (!v.isTextual()) {
            if ("N".equals(type) && v.isNumber()) {
                throw new UsageError(where + ": N takes the number as a JSON string, such as {\"N\": \"5\"}, as the AWS "
                        + "CLI does; a bare JSON number is refused because it could change on the way (a double keeps "
                        + "only about 16 digits)");
            }
            throw new UsageError(where + ": " + type + " takes a JSON string");
        }
        return v.textValue();
    }

    private static List<String> texts(JsonNode a, String where, String type) {
        if (!a.isArray()) {
            throw new UsageError(where + ": " + type + " takes an array of JSON strings");
        }
        List<String> l = new ArrayList<>();
        int i = 0;
        for (JsonNode x : a) {
            l.add(text(x, where + "[" + i++ + "]", type.substring(0, 1)));
        }
        return l;
    }

    private static byte[] base64(String text, String where) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException bad) {
            throw new UsageError(where + ": binary values are base64, and this one is not valid base64");
        }
    }
}
