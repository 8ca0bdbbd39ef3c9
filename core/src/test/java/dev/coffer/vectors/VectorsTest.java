package dev.coffer.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.CofferException;
import dev.coffer.IntegrityException;
import dev.coffer.ItemEncryptor;
import dev.coffer.MaterialsException;
import dev.coffer.internal.format.Header;
import dev.coffer.internal.format.ItemSize;
import dev.coffer.testing.JsonTree;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The frozen wire-version-2 vectors: decrypted by every release forever, reproduced byte for byte
 * where the provider is deterministic, and checked against {@link SpecReference}, an independent
 * implementation of docs/FORMAT.md. A failure here means the wire format changed, or the document
 * no longer describes it: never a vector to regenerate.
 *
 * <p>Each checking test collects every disagreement of a vector into one list and asserts it is
 * empty, so one run reports every failing point. Coffer encrypts a vector at most once per test:
 * the JDK refuses two AES-GCM encryptions in a row with one key and nonce on one thread, by design.
 */
class VectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    static Stream<Vector> vectors() {
        return Vector.FILES.stream().map(Vector::load);
    }

    // ---------------------------------------------------------------------------------------------- Coffer

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decrypt_frozenVector_returnsPlaintextAndDecryptedExactly(Vector v) {
        Map<String, AttributeValue> out = ItemEncryptor.create(v.config(v.provider())).decrypt(v.stored());

        assertThat(dynamoView(out)).isEqualTo(dynamoView(v.plaintext()));
        assertThat(out).isEqualTo(v.decrypted());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void encrypt_fixedItemIdAndKeys_reproducesStoredItemByteForByte(Vector v) {
        assumeThat(v.reproducible()).as("randomized wrapping (RSA-OAEP): decrypt-only").isTrue();

        Map<String, AttributeValue> again = v.codec().encrypt(v.plaintext());

        assertThat(JsonTree.item(again)).isEqualTo(v.json.get("stored"));
    }

    /** Coffer's own view of the header (a public inspection API) agrees with the recorded intermediates. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void codecHeaderView_matchesRecordedIntermediates(Vector v) {
        Map<String, AttributeValue> stored = v.stored();
        Header h = Header.decode(stored.get(SpecReference.HEAD).b().asByteArray());
        JsonNode legend = v.intermediate().get("legend");
        List<String> problems = new ArrayList<>();

        check(problems, h.version() == 2 && h.suite() == 1, "version 2, suite 1");
        check(problems, Arrays.equals(h.itemId(), v.itemId()), "item id");
        check(problems, String.format("%016x", h.fingerprintKey()).equals(v.intermediate("fingerprint_key_a")), "a");
        check(problems, h.legendSize() == legend.size(), "legend size");
        for (int i = 0; i < Math.min(h.legendSize(), legend.size()); i++) {
            check(problems, String.format("%08x", h.fingerprint(i)).equals(legend.get(i).get("fp").asText()),
                    "fingerprint of legend entry " + i);
            check(problems, (i < h.encryptedCount()) == "ENCRYPT_AND_SIGN".equals(legend.get(i).get("run").asText()),
                    "run of legend entry " + i);
        }
        check(problems, h.commitmentHex().equals(v.intermediate("commitment")), "commitment");
        check(problems, VectorGenerator.descriptionJson(h.description())
                .equals(v.intermediate().get("materials_description")), "materials description");
        check(problems, ItemSize.of(stored) == v.intermediate().get("stored_size").asLong(), "stored size");

        assertThat(problems).as(v + ": Coffer's header view against the vector").isEmpty();
    }

    // ---------------------------------------------------------------------------------------------- SpecReference

    /**
     * The independent implementation reproduces every recorded intermediate from the vector's
     * inputs, reads the stored item to {@code decrypted}, and writes the same stored bytes.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void specReference_reproducesEveryIntermediateAndTheStoredItem(Vector v) {
        List<String> problems = new ArrayList<>();
        Map<String, AttributeValue> stored = v.stored();
        JsonNode im = v.intermediate();
        SpecReference.Table table = v.specTable();

        // Section 3: the header.
        byte[] headerBytes = stored.get(SpecReference.HEAD).b().asByteArray();
        equal(problems, "header hex", v.intermediate("header"), HEX.formatHex(headerBytes));
        SpecReference.Header h = attempt(problems, "parse the header", () -> SpecReference.parseHeader(headerBytes));
        if (h == null) {
            assertThat(problems).as(v + ": disagreements with docs/FORMAT.md").isEmpty();
            return;
        }
        check(problems, h.version() == 2, "version byte is 0x02");
        check(problems, h.suite() == 1, "suite byte is 0x01");
        equal(problems, "item id", v.json.get("item_id").asText(), HEX.formatHex(h.itemId()));
        equal(problems, "materials description", im.get("materials_description"),
                VectorGenerator.descriptionJson(h.description()));
        SpecReference.Materials writerMaterials = v.specMaterials();
        if (v.reproducible()) {
            equal(problems, "materials description a writer builds from section 3",
                    VectorGenerator.descriptionJson(writerMaterials.description()),
                    VectorGenerator.descriptionJson(h.description()));
        }
        JsonNode params = v.json.get("provider").get("parameters");
        if (params != null) {
            equal(problems, "provider parameters", params, im.get("materials_description").get("parameters"));
        }

        // Section 4: the key schedule.
        SpecReference.Materials resolved = attempt(problems, "resolve the keys of the header's description",
                () -> v.specResolver().resolve(h.description()));
        if (resolved != null) {
            equal(problems, "data key (unwrapped from the header where wrapped)", v.intermediate("data_key"),
                    HEX.formatHex(resolved.dataKey()));
        }
        equal(problems, "data key", v.json.get("provider").get("data_key").asText(), v.intermediate("data_key"));
        SpecReference.Keys keys = SpecReference.keySchedule(v.dataKey(), SpecReference.SUITE, v.itemId());
        equal(problems, "encryption key T(1)", v.intermediate("encryption_key"), HEX.formatHex(keys.t1()));
        equal(problems, "commitment T(2)", v.intermediate("commitment"), HEX.formatHex(keys.t2()));
        equal(problems, "commitment in the header", v.intermediate("commitment"), HEX.formatHex(h.commitment()));
        byte[] signingKey = writerMaterials.signingKey() != null ? writerMaterials.signingKey() : keys.t3();
        equal(problems, "signing key", v.intermediate("signing_key"), HEX.formatHex(signingKey));
        equal(problems, "signing key source", v.intermediate("signing_key_source"),
                writerMaterials.signingKey() != null ? "provider" : "derived: T(3)");

        // Section 3, "Legend": fingerprints of every name, legend order.
        long a = SpecReference.a(v.itemId());
        equal(problems, "fingerprint key a", v.intermediate("fingerprint_key_a"), String.format("%016x", a));
        Map<String, String[]> names = new TreeMap<>();
        for (String name : stored.keySet()) {
            if (!name.equals(SpecReference.HEAD) && !name.equals(SpecReference.SIG)) {
                long hn = SpecReference.h(name);
                names.put(name, new String[] {String.format("%016x", hn), String.format("%08x",
                        SpecReference.fp(a, hn))});
            }
        }
        JsonNode recordedNames = im.get("names");
        equal(problems, "names with fingerprints", sorted(fieldNames(recordedNames)), sorted(names.keySet()));
        names.forEach((name, hfp) -> {
            JsonNode r = recordedNames.get(name);
            if (r != null) {
                equal(problems, "h(" + name + ")", r.get("h").asText(), hfp[0]);
                equal(problems, "fp(" + name + ")", r.get("fp").asText(), hfp[1]);
            }
        });
        List<String> legend = new ArrayList<>();
        List<String> legendFps = new ArrayList<>();
        for (long fp : h.legend()) {
            String f = String.format("%08x", fp);
            legendFps.add(f);
            legend.add(names.entrySet().stream().filter(e -> e.getValue()[1].equals(f)).map(Map.Entry::getKey)
                    .findFirst().orElse("(none: " + f + ")"));
        }
        List<String> recordedLegend = new ArrayList<>();
        List<String> recordedFps = new ArrayList<>();
        im.get("legend").forEach(e -> {
            recordedLegend.add(e.get("name").asText());
            recordedFps.add(e.get("fp").asText());
        });
        equal(problems, "legend order (names)", recordedLegend, legend);
        equal(problems, "legend fingerprints", recordedFps, legendFps);
        for (int i = 0; i < legend.size(); i++) {
            String expectedRun = i < h.e() ? "ENCRYPT_AND_SIGN" : "SIGN_ONLY";
            equal(problems, "run of legend entry " + i, im.get("legend").get(i).get("run").asText(), expectedRun);
            equal(problems, "writer's action for " + legend.get(i), expectedRun, table.actionFor(legend.get(i)));
        }

        // Sections 5 to 8: read the stored item.
        SpecReference.Trace read = attempt(problems, "read the stored item (section 8)",
                () -> SpecReference.decrypt(table, v.specResolver(), stored));
        if (read != null) {
            equal(problems, "legend order as read", recordedLegend, read.legend);
            equal(problems, "P", v.intermediate("plaintext_p"), HEX.formatHex(read.plaintext));
            equal(problems, "AAD", text(im.get("aad")), read.aad == null ? null : HEX.formatHex(read.aad));
            equal(problems, "tag", text(im.get("tag")), read.tag == null ? null : HEX.formatHex(read.tag));
            equal(problems, "signature input M", v.intermediate("signature_input"), HEX.formatHex(read.signatureInput));
            equal(problems, "signature", v.intermediate("signature"), HEX.formatHex(read.signature));
            equal(problems, "decrypted item", v.json.get("decrypted"), JsonTree.item(read.decrypted));
            equal(problems, "decrypted item, as DynamoDB compares, against the plaintext", dynamoView(v.plaintext()),
                    dynamoView(read.decrypted));
        }
        byte[] sig = stored.get(SpecReference.SIG).b().asByteArray();
        check(problems, sig.length == (h.e() > 0 ? 48 : 32), "coffer_sig is 48 bytes with encrypted attributes, else 32");
        equal(problems, "stored size (section 9)", im.get("stored_size").asLong(), SpecReference.itemSize(stored));
        check(problems, SpecReference.itemSize(stored) <= SpecReference.MAX_ITEM_SIZE, "stored item within 400 KB");

        // Sections 3 to 7: write the plaintext again with the vector's item id and keys.
        if (v.reproducible()) {
            SpecReference.Trace written = attempt(problems, "encrypt the plaintext",
                    () -> SpecReference.encrypt(table, writerMaterials, v.itemId(), v.plaintext()));
            if (written != null) {
                equal(problems, "header written", v.intermediate("header"), HEX.formatHex(written.header));
                equal(problems, "legend written", recordedLegend, written.legend);
                equal(problems, "P written", v.intermediate("plaintext_p"), HEX.formatHex(written.plaintext));
                equal(problems, "AAD written", text(im.get("aad")),
                        written.tag == null ? null : HEX.formatHex(written.aad));
                equal(problems, "tag written", text(im.get("tag")),
                        written.tag == null ? null : HEX.formatHex(written.tag));
                equal(problems, "M written", v.intermediate("signature_input"), HEX.formatHex(written.signatureInput));
                for (String name : union(stored.keySet(), written.stored.keySet())) {
                    equal(problems, "stored attribute '" + name + "'", valueJson(stored.get(name)),
                            valueJson(written.stored.get(name)));
                }
            }
        }

        assertThat(problems).as(v + ": disagreements with docs/FORMAT.md").isEmpty();
    }

    /** FORMAT.md as a recipe: from the vector's item id and keys alone, SpecReference writes the stored item. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void specReference_encryptsPlaintext_sameStoredItem(Vector v) {
        assumeThat(v.reproducible()).as("randomized wrapping (RSA-OAEP): decrypt-only").isTrue();

        SpecReference.Trace written = SpecReference.encrypt(v.specTable(), v.specMaterials(), v.itemId(), v.plaintext());

        assertThat(JsonTree.item(written.stored)).isEqualTo(v.json.get("stored"));
    }

    /**
     * Interoperability the other way round, for every vector including the randomized one: what
     * SpecReference writes (its own RSA-OAEP wrap included), Coffer reads.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void specReferenceWrites_cofferReads(Vector v) {
        SpecReference.Trace written = SpecReference.encrypt(v.specTable(), v.specMaterials(), v.itemId(), v.plaintext());

        Map<String, AttributeValue> out = ItemEncryptor.create(v.config(v.provider())).decrypt(written.stored);

        assertThat(out).isEqualTo(v.decrypted());
    }

    /**
     * Tampering: every change of a signed or reserved attribute (a flipped bit in a binary, a changed
     * value, a removed attribute) is refused by both Coffer and SpecReference, and a changed unsigned
     * attribute is accepted by both; an added attribute the table does not accept unsigned is refused.
 * "Refused" is an integrity error, or a materials error where the change hits the description.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void tamperedVector_cofferAndSpecReferenceAgree(Vector v) {
        Map<String, AttributeValue> stored = v.stored();
        List<String> signed = new ArrayList<>();
        v.intermediate().get("legend").forEach(e -> signed.add(e.get("name").asText()));
        ItemEncryptor coffer = ItemEncryptor.create(v.config(v.provider()));
        List<String> problems = new ArrayList<>();

        for (String name : stored.keySet()) {
            boolean mustRefuse = signed.contains(name) || name.equals(SpecReference.HEAD)
                    || name.equals(SpecReference.SIG);
            Map<String, AttributeValue> changed = new LinkedHashMap<>(stored);
            changed.put(name, tamper(stored.get(name)));
            agree(problems, v, coffer, "changed '" + name + "'", changed, mustRefuse);
            Map<String, AttributeValue> removed = new LinkedHashMap<>(stored);
            removed.remove(name);
            agree(problems, v, coffer, "removed '" + name + "'", removed, mustRefuse);
        }
        Map<String, AttributeValue> added = new LinkedHashMap<>(stored);
        added.put("added_later", AttributeValue.fromS("x"));
        boolean accepted = v.specTable().acceptsUnsigned("added_later");
        agree(problems, v, coffer, "added 'added_later'", added, !accepted);

        assertThat(problems).as(v + ": tampering").isEmpty();
    }

    private static void agree(List<String> problems, Vector v, ItemEncryptor coffer, String what,
            Map<String, AttributeValue> item, boolean mustRefuse) {
        String cofferResult;
        try {
            coffer.decrypt(item);
            cofferResult = "accepted";
        } catch (IntegrityException | MaterialsException e) {
            cofferResult = "refused";
        } catch (CofferException e) {
            cofferResult = "refused with " + e.getClass().getSimpleName();
        }
        String specResult;
        try {
            SpecReference.decrypt(v.specTable(), v.specResolver(), item);
            specResult = "accepted";
        } catch (SpecReference.SpecException e) {
            specResult = "refused";
        }
        String expected = mustRefuse ? "refused" : "accepted";
        if (!cofferResult.equals(expected) || !specResult.equals(expected)) {
            problems.add(what + ": expected " + expected + ", Coffer " + cofferResult + ", SpecReference " + specResult);
        }
    }

    /** Another value of the same attribute: a flipped bit for a binary, a changed value otherwise. */
    private static AttributeValue tamper(AttributeValue v) {
        switch (v.type()) {
            case B: {
                byte[] b = v.b().asByteArray();
                if (b.length == 0) {
                    return AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0}));
                }
                b[b.length / 2] ^= 0x01;
                return AttributeValue.fromB(SdkBytes.fromByteArray(b));
            }
            case S:
                return AttributeValue.fromS(v.s() + "!");
            case N:
                return AttributeValue.fromN(new BigDecimal(v.n()).add(BigDecimal.ONE).toPlainString());
            case BOOL:
                return AttributeValue.fromBool(!v.bool());
            default:
                return AttributeValue.fromS("replaced " + v.type());
        }
    }

    // ---------------------------------------------------------------------------------------------- the vector set

    @Test
    void vectorFiles_coverWhatTheFormatPromises() {
        List<Vector> all = vectors().toList();
        List<String> problems = new ArrayList<>();

        check(problems, all.stream().anyMatch(v -> !v.reproducible()), "a decrypt-only (randomized) vector");
        check(problems, all.stream().anyMatch(v -> v.intermediate("signing_key_source").startsWith("derived")),
                "a vector with a derived signing key");
        check(problems, all.stream().anyMatch(v -> v.intermediate().get("tag").isNull()),
                "a vector without encrypted attributes (32-byte coffer_sig)");
        check(problems, all.stream().anyMatch(v -> v.stored().values().stream()
                .anyMatch(x -> x.b() != null && x.b().asByteArrayUnsafe().length > 65_536)), "a value over 64 KB");
        check(problems, all.stream().anyMatch(v -> v.stored().keySet().stream()
                .anyMatch(n -> n.codePoints().anyMatch(c -> c > 0xFFFF))), "an attribute name outside the BMP");
        for (String type : List.of("static", "wrapped", "fixed-data-key")) {
            check(problems, all.stream().anyMatch(v -> v.json.get("provider").get("type").asText().equals(type)),
                    "provider " + type);
        }
        for (AttributeValue.Type type : List.of(AttributeValue.Type.S, AttributeValue.Type.N, AttributeValue.Type.B,
                AttributeValue.Type.BOOL, AttributeValue.Type.NUL, AttributeValue.Type.SS, AttributeValue.Type.NS,
                AttributeValue.Type.BS, AttributeValue.Type.L, AttributeValue.Type.M)) {
            check(problems, all.stream().anyMatch(v -> v.plaintext().values().stream().anyMatch(x -> x.type() == type)),
                    "an attribute of type " + type);
        }

        assertThat(problems).as("missing coverage").isEmpty();
    }

    /** SpecReference stays independent: no import of Coffer's classes (the build runs tests from core/). */
    @Test
    void specReference_importsNoCofferClass() throws java.io.IOException {
        java.nio.file.Path source = java.nio.file.Path.of("src/test/java/dev/coffer/vectors/SpecReference.java");

        List<String> imports = java.nio.file.Files.readAllLines(source).stream()
                .filter(l -> l.startsWith("import ")).toList();

        assertThat(imports).isNotEmpty().noneMatch(l -> l.contains("dev.coffer"));
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /**
     * An item as DynamoDB compares items: numbers by value, set members unordered, map entries by
     * key. Built with BigDecimal and sorted collections, independent of Coffer's and SpecReference's
     * canonical encodings.
     */
    static Map<String, Object> dynamoView(Map<String, AttributeValue> item) {
        Map<String, Object> out = new TreeMap<>();
        item.forEach((k, v) -> out.put(k, dynamoView(v)));
        return out;
    }

    private static Object dynamoView(AttributeValue v) {
        switch (v.type()) {
            case S:
                return "S:" + v.s();
            case N:
                return "N:" + number(v.n());
            case B:
                return "B:" + HEX.formatHex(v.b().asByteArrayUnsafe());
            case BOOL:
                return "BOOL:" + v.bool();
            case NUL:
                return "NULL:" + v.nul();
            case SS:
                return "SS:" + new TreeSet<>(v.ss());
            case NS:
                return "NS:" + v.ns().stream().map(VectorsTest::number).collect(Collectors.toCollection(TreeSet::new));
            case BS:
                return "BS:" + v.bs().stream().map(b -> HEX.formatHex(b.asByteArrayUnsafe()))
                        .collect(Collectors.toCollection(TreeSet::new));
            case L:
                return v.l().stream().map(VectorsTest::dynamoView).toList();
            case M:
                return dynamoView(v.m());
            default:
                throw new IllegalArgumentException("type " + v.type());
        }
    }

    private static String number(String n) {
        BigDecimal d = new BigDecimal(n);
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    private static JsonNode valueJson(AttributeValue v) {
        return v == null ? null : JsonTree.value(v);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static List<String> fieldNames(JsonNode o) {
        List<String> out = new ArrayList<>();
        o.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> sorted(java.util.Collection<String> c) {
        return c.stream().sorted(Comparator.comparing((String s) -> s.getBytes(StandardCharsets.UTF_8),
                Arrays::compareUnsigned)).toList();
    }

    private static List<String> union(java.util.Collection<String> a, java.util.Collection<String> b) {
        TreeSet<String> all = new TreeSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }

    private static void check(List<String> problems, boolean ok, String what) {
        if (!ok) {
            problems.add(what);
        }
    }

    private static void equal(List<String> problems, String what, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            problems.add(what + ": vector has " + shorten(expected) + ", got " + shorten(actual));
        }
    }

    private static String shorten(Object o) {
        String s = String.valueOf(o);
        return s.length() > 200 ? s.substring(0, 200) + "... (" + s.length() + " characters)" : s;
    }

    private static <T> T attempt(List<String> problems, String what, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            problems.add(what + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return null;
        }
    }
}
