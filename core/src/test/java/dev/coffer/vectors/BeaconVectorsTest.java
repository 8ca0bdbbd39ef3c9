package dev.coffer.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.CryptoAction;
import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import dev.coffer.beacon.BeaconConfig;
import dev.coffer.beacon.BeaconKeySource;
import dev.coffer.beacon.BeaconTransform;
import dev.coffer.beacon.CompoundBeacon;
import dev.coffer.beacon.StandardBeacon;
import dev.coffer.materials.SecretBytes;
import dev.coffer.testing.JsonTree;
import dev.coffer.testing.TestKeys;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The frozen beacon vectors ({@code vectors/beacons-v2.json}, docs/FORMAT.md "Beacons"): one case
 * per beacon kind (standard beacons of several lengths, transforms and types; compound beacons with
 * encrypted and signed parts, and of signed parts only). Each case records every intermediate value;
 * they are recomputed here from the specification with plain JCE and {@link SpecReference}'s
 * canonical encoding, and Coffer must store exactly the recorded beacons. Failures are collected
 * and asserted once. Never regenerate an existing file: a difference means beacons changed, and
 * every index built on them would stop finding items.
 */
class BeaconVectorsTest {
    static final String FILE = "beacons-v2.json";
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] LABEL = SpecReference.ascii("coffer/2/beacon");

    // ------------------------------------------------------------------ the specification, independently

    static byte[] derivedKey(byte[] beaconKey, String logicalTable, String beaconName) {
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        SpecReference.lpv(info, LABEL);
        SpecReference.lpv(info, SpecReference.utf8(logicalTable));
        SpecReference.lpv(info, SpecReference.utf8(beaconName));
        info.write(1);
        return SpecReference.hmac(beaconKey, info.toByteArray());
    }

    static AttributeValue transform(String transform, AttributeValue v) {
        return switch (transform) {
            case "NONE" -> v;
            case "LOWER_CASE" -> AttributeValue.fromS(v.s().toLowerCase(Locale.ROOT));
            case "TRIM" -> AttributeValue.fromS(v.s().trim());
            case "TRIM_LOWER_CASE" -> AttributeValue.fromS(v.s().trim().toLowerCase(Locale.ROOT));
            default -> throw new IllegalArgumentException(transform);
        };
    }

    static String beacon(byte[] hmac, int bits) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (hmac[i] & 0xFF);
        }
        v >>>= 64 - bits;
        String hex = Long.toHexString(v);
        return "0".repeat((bits + 3) / 4 - hex.length()) + hex;
    }

    static String signedPart(AttributeValue v) {
        return v.s() != null ? v.s() : SpecReference.numberString(SpecReference.numberBody(v.n()));
    }

    // ------------------------------------------------------------------ the vectors

    private static JsonNode load() throws Exception {
        try (InputStream in = BeaconVectorsTest.class.getResourceAsStream("/vectors/" + FILE)) {
            assertThat(in).as("vectors/" + FILE).isNotNull();
            return JsonTree.MAPPER.readTree(in);
        }
    }

    @Test
    void standardBeacons_recomputedFromSpecification_matchEveryIntermediate() throws Exception {
        JsonNode v = load();
        byte[] key = HEX.parseHex(v.get("beacon_key").asText());
        String table = v.get("logical_table").asText();
        List<String> problems = new ArrayList<>();
        for (JsonNode c : v.get("standard")) {
            String name = c.get("name").asText();
            byte[] k = derivedKey(key, table, name);
            byte[] input = SpecReference.canonical(transform(c.get("transform").asText(), JsonTree.value(c.get("value"))));
            byte[] h = SpecReference.hmac(k, input);
            check(problems, name + " derived_key", c.get("derived_key").asText(), HEX.formatHex(k));
            check(problems, name + " input", c.get("input").asText(), HEX.formatHex(input));
            check(problems, name + " hmac", c.get("hmac").asText(), HEX.formatHex(h));
            check(problems, name + " beacon", c.get("beacon").asText(), beacon(h, c.get("bits").asInt()));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void compoundBeacons_recomputedFromSpecification_matchRecordedValue() throws Exception {
        JsonNode v = load();
        Map<String, String> standard = new LinkedHashMap<>();
        for (JsonNode c : v.get("standard")) {
            standard.put(c.get("name").asText(), c.get("beacon").asText());
        }
        List<String> problems = new ArrayList<>();
        for (JsonNode c : v.get("compound")) {
            Map<String, AttributeValue> item = JsonTree.item(c.get("signed_values"));
            List<String> parts = new ArrayList<>();
            for (JsonNode p : c.get("parts")) {
                String value = p.has("beacon") ? standard.get(p.get("beacon").asText())
                        : signedPart(item.get(p.get("attribute").asText()));
                parts.add(p.get("prefix").asText() + value);
            }
            check(problems, c.get("name").asText(), c.get("beacon").asText(), String.join(c.get("split").asText(), parts));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void coffer_encryptingVectorItem_storesRecordedBeacons() throws Exception {
        JsonNode v = load();
        ItemEncryptor encryptor = ItemEncryptor.create(config(v));
        Map<String, AttributeValue> stored = encryptor.encrypt(JsonTree.item(v.get("item")));
        List<String> problems = new ArrayList<>();
        for (String kind : new String[] {"standard", "compound"}) {
            for (JsonNode c : v.get(kind)) {
                AttributeValue b = stored.get("coffer_b_" + c.get("name").asText());
                check(problems, kind + " " + c.get("name").asText(), c.get("beacon").asText(), b == null ? null : b.s());
            }
        }
        assertThat(problems).isEmpty();
    }

    private static void check(List<String> problems, String what, String expected, String actual) {
        if (!expected.equals(actual)) {
            problems.add(what + ": recorded " + expected + ", got " + actual);
        }
    }

    private static TableConfig config(JsonNode v) {
        BeaconConfig.Builder b = BeaconConfig.builder()
                .keySource(BeaconKeySource.local(SecretBytes.copyOf(HEX.parseHex(v.get("beacon_key").asText()))));
        TableConfig.Builder t = TableConfig.builder().tableName(v.get("logical_table").asText())
                .partitionKey(v.get("partition_key").asText()).materialsProvider(TestKeys.staticProvider());
        v.get("sign_only").forEach(n -> t.action(n.asText(), CryptoAction.SIGN_ONLY));
        for (JsonNode c : v.get("standard")) {
            b.addStandardBeacon(StandardBeacon.builder().name(c.get("name").asText()).attribute(c.get("attribute").asText())
                    .bits(c.get("bits").asInt()).transform(BeaconTransform.valueOf(c.get("transform").asText())).build());
        }
        for (JsonNode c : v.get("compound")) {
            CompoundBeacon.Builder cb = CompoundBeacon.builder().name(c.get("name").asText())
                    .split(c.get("split").asText().charAt(0));
            for (JsonNode p : c.get("parts")) {
                if (p.has("beacon")) {
                    cb.addEncryptedPart(p.get("prefix").asText(), p.get("beacon").asText());
                } else {
                    cb.addSignedPart(p.get("prefix").asText(), p.get("attribute").asText());
                }
            }
            b.addCompoundBeacon(cb.build());
        }
        return t.beacons(b.build()).build();
    }

    // ------------------------------------------------------------------ writing the file, once

    /**
     * Writes {@code beacons-v2.json} from the specification into {@code -Dcoffer.vectors.out}, unless
     * it exists (see vectors/README.md).
     */
    @Test
    void generate() throws Exception {
        String out = System.getProperty("coffer.vectors.out");
        assumeThat(out).as("-Dcoffer.vectors.out not set").isNotNull();
        Path file = Path.of(out, FILE);
        assumeThat(Files.exists(file)).as(file + " exists; vectors are frozen").isFalse();

        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) (0xb0 + i);
        }
        String table = "orders";
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("id", AttributeValue.fromS("order-1"));
        item.put("email", AttributeValue.fromS("  Alice.Smith@Example.COM "));
        item.put("customer", AttributeValue.fromS("customer-42"));
        item.put("amount", AttributeValue.fromN("12.50"));
        item.put("nickname", AttributeValue.fromS("Ünïcødé 名前 😀"));
        item.put("flags", AttributeValue.fromSs(List.of("b", "a")));
        item.put("day", AttributeValue.fromS("2026-11-30"));
        item.put("region", AttributeValue.fromS("eu-west"));
        item.put("seq", AttributeValue.fromN("0070"));

        ObjectNode v = JsonTree.MAPPER.createObjectNode();
        v.put("description", "Beacon known answers (docs/FORMAT.md, \"Beacons\"): standard beacons of 1, 7, 16, 32 and "
                + "63 bits over a trimmed and lower-cased string, a plain string, a number (non-canonical spelling), "
                + "a non-ASCII string and a string set; a compound beacon of an encrypted and a signed part (string), "
                + "and one of signed parts only (a string and a non-canonical number).");
        v.put("format", "Coffer item format 1.0 beacons");
        v.put("beacon_key", HEX.formatHex(key));
        v.put("logical_table", table);
        v.put("partition_key", "id");
        v.putArray("sign_only").add("day").add("region").add("seq");
        v.set("item", JsonTree.item(item));
        ArrayNode standard = v.putArray("standard");
        Object[][] cases = {
            {"email", "email", 16, "TRIM_LOWER_CASE"},
            {"email_1bit", "email", 1, "TRIM_LOWER_CASE"},
            {"customer", "customer", 7, "NONE"},
            {"amount", "amount", 32, "NONE"},
            {"nickname", "nickname", 63, "LOWER_CASE"},
            {"flags", "flags", 12, "NONE"},
        };
        for (Object[] c : cases) {
            String name = (String) c[0];
            AttributeValue value = item.get((String) c[1]);
            byte[] k = derivedKey(key, table, name);
            byte[] input = SpecReference.canonical(transform((String) c[3], value));
            byte[] h = SpecReference.hmac(k, input);
            ObjectNode o = standard.addObject();
            o.put("name", name).put("attribute", (String) c[1]).put("bits", (int) c[2]).put("transform", (String) c[3]);
            o.set("value", JsonTree.value(value));
            o.put("derived_key", HEX.formatHex(k)).put("input", HEX.formatHex(input)).put("hmac", HEX.formatHex(h))
                    .put("beacon", beacon(h, (int) c[2]));
        }
        ArrayNode compound = v.putArray("compound");
        String customer = beacon(SpecReference.hmac(derivedKey(key, table, "customer"),
                SpecReference.canonical(item.get("customer"))), 7);
        ObjectNode c1 = compound.addObject().put("name", "customer_day").put("split", ".");
        c1.putArray("parts").add(JsonTree.MAPPER.createObjectNode().put("prefix", "C-").put("beacon", "customer"))
                .add(JsonTree.MAPPER.createObjectNode().put("prefix", "D-").put("attribute", "day"));
        c1.set("signed_values", JsonTree.item(Map.of("day", item.get("day"))));
        c1.put("beacon", "C-" + customer + ".D-" + signedPart(item.get("day")));
        ObjectNode c2 = compound.addObject().put("name", "region_seq").put("split", "#");
        c2.putArray("parts").add(JsonTree.MAPPER.createObjectNode().put("prefix", "R=").put("attribute", "region"))
                .add(JsonTree.MAPPER.createObjectNode().put("prefix", "S=").put("attribute", "seq"));
        c2.set("signed_values", JsonTree.item(Map.of("region", item.get("region"), "seq", item.get("seq"))));
        c2.put("beacon", "R=" + signedPart(item.get("region")) + "#S=" + signedPart(item.get("seq")));

        Files.createDirectories(file.getParent());
        Files.writeString(file, JsonTree.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(v) + "\n");
    }
}
