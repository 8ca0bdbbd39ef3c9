package dev.coffer.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB JSON (the format {@code aws dynamodb get-item} prints) for test vectors. */
public final class DynamoJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private DynamoJson() {
    }

    public static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode o = F.objectNode();
        new TreeMap<>(item).forEach((k, v) -> o.set(k, value(v)));
        return o;
    }

    public static ObjectNode value(AttributeValue v) {
        ObjectNode o = F.objectNode();
        switch (v.type()) {
            case S: o.put("S", v.s()); break;
            case N: o.put("N", v.n()); break;
            case B: o.put("B", b64(v.b())); break;
            case BOOL: o.put("BOOL", v.bool()); break;
            case NUL: o.put("NULL", true); break;
            case SS: { ArrayNode a = o.putArray("SS"); v.ss().forEach(a::add); break; }
            case NS: { ArrayNode a = o.putArray("NS"); v.ns().forEach(a::add); break; }
            case BS: { ArrayNode a = o.putArray("BS"); v.bs().forEach(b -> a.add(b64(b))); break; }
            case L: { ArrayNode a = o.putArray("L"); v.l().forEach(e -> a.add(value(e))); break; }
            case M: o.set("M", item(v.m())); break;
            default: throw new IllegalArgumentException("type " + v.type());
        }
        return o;
    }

    public static Map<String, AttributeValue> item(JsonNode o) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), value(e.getValue()));
        }
        return m;
    }

    public static AttributeValue value(JsonNode o) {
        Map.Entry<String, JsonNode> e = o.fields().next();
        JsonNode v = e.getValue();
        switch (e.getKey()) {
            case "S": return AttributeValue.fromS(v.asText());
            case "N": return AttributeValue.fromN(v.asText());
            case "B": return AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(v.asText())));
            case "BOOL": return AttributeValue.fromBool(v.asBoolean());
            case "NULL": return AttributeValue.fromNul(true);
            case "SS": return AttributeValue.fromSs(texts(v));
            case "NS": return AttributeValue.fromNs(texts(v));
            case "BS": {
                List<SdkBytes> l = new ArrayList<>();
                v.forEach(x -> l.add(SdkBytes.fromByteArray(Base64.getDecoder().decode(x.asText()))));
                return AttributeValue.fromBs(l);
            }
            case "L": {
                List<AttributeValue> l = new ArrayList<>();
                v.forEach(x -> l.add(value(x)));
                return AttributeValue.fromL(l);
            }
            case "M": return AttributeValue.fromM(item(v));
            default: throw new IllegalArgumentException("type " + e.getKey());
        }
    }

    private static List<String> texts(JsonNode a) {
        List<String> l = new ArrayList<>();
        a.forEach(x -> l.add(x.asText()));
        return l;
    }

    private static String b64(SdkBytes b) {
        return Base64.getEncoder().encodeToString(b.asByteArrayUnsafe());
    }
}
