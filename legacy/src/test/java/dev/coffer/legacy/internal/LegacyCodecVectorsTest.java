package dev.coffer.legacy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.legacy.internal.LegacyCodec.Flag;
import dev.coffer.legacy.testing.Vectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The Python client's unit vectors (shared/legacy-vectors, read in place): attribute serialization
 * both ways, the material description, the string to sign. Failures are collected and asserted
 * once, so one run reports every failing entry.
 */
class LegacyCodecVectorsTest {

    @Test
    void serialize_everyPublishedVector_givesThePublishedBytes() {
        Path dir = Vectors.require();
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (JsonNode v : Vectors.read(dir.resolve("serialize_attribute.json"))) {
            n++;
            AttributeValue value = Vectors.value(v.get("attribute"));
            String got = Base64.getEncoder().encodeToString(LegacyCodec.serialize(value));
            if (!got.equals(v.get("serialized").asText())) {
                failures.add(v.get("attribute") + ": got " + got);
            }
        }
        assertThat(n).isEqualTo(22);
        assertThat(failures).isEmpty();
    }

    @Test
    void deserialize_everyPublishedVector_givesThePublishedValue() throws Exception {
        Path dir = Vectors.require();
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (JsonNode v : Vectors.read(dir.resolve("deserialize_attribute.json"))) {
            n++;
            AttributeValue got = LegacyCodec.deserialize(Base64.getDecoder().decode(v.get("serialized").asText()));
            if (!Vectors.canon(got).equals(Vectors.canon(Vectors.value(v.get("attribute"))))) {
                failures.add(v.get("attribute") + ": got " + got);
            }
        }
        assertThat(n).isEqualTo(15);
        assertThat(failures).isEmpty();
    }

    @Test
    void materialDescription_everyPublishedVector_parsesAndSerializesBack() throws Exception {
        Path dir = Vectors.require();
        int n = 0;
        for (JsonNode v : Vectors.read(dir.resolve("material_description.json"))) {
            n++;
            byte[] serialized = Base64.getDecoder().decode(v.get("serialized").asText());
            Map<String, String> expected = new HashMap<>();
            v.get("material_description").fields().forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asText()));

            assertThat(LegacyCodec.parseDescription(serialized)).isEqualTo(expected);
            // The published bytes list the entries in key order.
            assertThat(LegacyCodec.serializeDescription(new java.util.TreeMap<>(expected))).isEqualTo(serialized);
        }
        assertThat(n).isEqualTo(3);
    }

    @Test
    void stringToSign_everyPublishedVector_givesThePublishedBytes() {
        Path dir = Vectors.require();
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (JsonNode v : Vectors.read(dir.resolve("string_to_sign.json"))) {
            n++;
            Map<String, AttributeValue> item = new LinkedHashMap<>();
            Map<String, Flag> flags = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = v.get("item").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                item.put(e.getKey(), Vectors.value(e.getValue().get("value")));
                flags.put(e.getKey(), switch (e.getValue().get("action").asText()) {
                    case "encrypt" -> Flag.ENCRYPT_AND_SIGN;
                    case "sign" -> Flag.SIGN;
                    default -> Flag.NONE;
                });
            }
            byte[] got = LegacyCodec.stringToSign(item, flags, LegacyCodec.associatedData(v.get("table").asText()));
            if (!Base64.getEncoder().encodeToString(got).equals(v.get("string_to_sign").asText())) {
                failures.add(v.get("item").toString());
            }
        }
        assertThat(n).isEqualTo(4);
        assertThat(failures).isEmpty();
    }
}
