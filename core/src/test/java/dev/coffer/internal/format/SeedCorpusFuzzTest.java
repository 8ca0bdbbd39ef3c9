package dev.coffer.internal.format;

import static dev.coffer.fuzz.ItemDecryptFuzzTest.ADD;
import static dev.coffer.fuzz.ItemDecryptFuzzTest.DELETE;
import static dev.coffer.fuzz.ItemDecryptFuzzTest.FLIP;
import static dev.coffer.fuzz.ItemDecryptFuzzTest.INSERT;
import static dev.coffer.fuzz.ItemDecryptFuzzTest.RAW;
import static dev.coffer.fuzz.ItemDecryptFuzzTest.REMOVE;
import static dev.coffer.fuzz.ItemDecryptFuzzTest.RENAME;
import static dev.coffer.fuzz.ItemDecryptFuzzTest.REPLACE;
import static dev.coffer.fuzz.ItemDecryptFuzzTest.RESIZE;
import static dev.coffer.fuzz.ItemDecryptFuzzTest.RESPELL;
import static dev.coffer.fuzz.ItemDecryptFuzzTest.SET;
import static dev.coffer.fuzz.ItemDecryptFuzzTest.SPLICE;
import static dev.coffer.fuzz.ItemDecryptFuzzTest.SWAP;
import static dev.coffer.fuzz.ItemDecryptFuzzTest.TAG;
import static dev.coffer.fuzz.ItemDecryptFuzzTest.TRANSPLANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.CryptoAction;
import dev.coffer.TableConfig;
import dev.coffer.fuzz.ItemDecryptFuzzTest.Program;
import dev.coffer.materials.spi.DecryptionMaterials;
import dev.coffer.materials.spi.EncryptionContext;
import dev.coffer.materials.spi.EncryptionMaterials;
import dev.coffer.materials.spi.MaterialsDescription;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.materials.TestSeams;
import dev.coffer.materials.WrappingKey;
import dev.coffer.testing.Items;
import dev.coffer.testing.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The seed corpora of the fuzz targets, made by the current code: headers of items encrypted with
 * each provider, canonical encodings of every DynamoDB type (nested, large, outside the BMP), number
 * bodies and spellings, and edit programs over genuine items. The files live next to each target as
 * Jazzer expects ({@code <TestClass>Inputs/<method>/seed-*}) and are replayed by every normal build.
 *
 * <p>Each test here checks that the committed {@code seed-*} files are exactly what the current code
 * makes, so a format change cannot leave the fuzzers seeded with another format's bytes. After a
 * deliberate change, rewrite them:
 *
 * <pre>
 * ./mvnw -B -o -q test -pl core -Dtest=SeedCorpusFuzzTest -Dcoffer.fuzz.writeSeeds=true
 * </pre>
 *
 * Inputs that fuzzing found ({@code found-*}) and crash reproducers ({@code crash-*}) are kept as
 * they are and not checked here.
 */
class SeedCorpusFuzzTest {
    private static final Path RESOURCES = Path.of(System.getProperty("basedir", "."), "src", "test", "resources");
    private static final boolean WRITE = Boolean.getBoolean("coffer.fuzz.writeSeeds");
    private static final String FORMAT_DIR = "dev/coffer/internal/format/";

    @Test
    void headerSeeds_areTheHeadersTheCurrentCodeWrites() {
        check(FORMAT_DIR + "HeaderFuzzTestInputs/parse", headers());
    }

    @Test
    void openValueSeeds_areCanonicalEncodingsOfEveryType() {
        check(FORMAT_DIR + "ValueCodecFuzzTestInputs/decodeOpen", openValues());
    }

    @Test
    void delimitedValueSeeds_areCanonicalListElements() {
        check(FORMAT_DIR + "ValueCodecFuzzTestInputs/decodeDelimited", delimitedValues());
    }

    @Test
    void numberBodySeeds_areCanonicalNumberBodies() {
        check(FORMAT_DIR + "NumbersFuzzTestInputs/decode", numberBodies());
    }

    @Test
    void numberSpellingSeeds_areTheSpellingsDynamoDbNormalizes() {
        check(FORMAT_DIR + "NumbersFuzzTestInputs/spelling", numberSpellings());
    }

    @Test
    void forgedPlaintextSeeds_areCanonicalEncodingsAndNearMisses() {
        check(FORMAT_DIR + "ItemForgeryFuzzTestInputs/forgedPlaintext", forgedPlaintexts());
    }

    @Test
    void itemSeeds_areEditProgramsOverTheGenuineItems() {
        check("dev/coffer/fuzz/ItemDecryptFuzzTestInputs/mutatedItem", itemPrograms());
    }

    // ---------------------------------------------------------------------------------------------
    // Headers
    // ---------------------------------------------------------------------------------------------

    /** A provider that always describes the item the same way: deterministic headers for any provider's shape. */
    private static final class FixedDescriptionProvider implements MaterialsProvider {
        private final MaterialsDescription description;
        private final boolean signingKey;

        FixedDescriptionProvider(MaterialsDescription description, boolean signingKey) {
            this.description = description;
            this.signingKey = signingKey;
        }

        @Override
        public EncryptionMaterials encryptionMaterials(EncryptionContext context) {
            EncryptionMaterials.Builder b = EncryptionMaterials.builder().description(description)
                    .dataKey(TestKeys.secret(32, 3));
            if (context.algorithmSuite().isAsymmetric()) {
                // The header does not hold the signature, so any key pair gives the same header bytes.
                b.signatureKeyPair(dev.coffer.materials.SignatureKeyPair.generate());
            }
            return (signingKey ? b.signingKey(TestKeys.secret(32, 200)) : b).build();
        }

        @Override
        public DecryptionMaterials decryptionMaterials(EncryptionContext context, MaterialsDescription d) {
            throw new UnsupportedOperationException("seed generation only encrypts");
        }
    }

    private static byte[] header(MaterialsProvider provider, TableConfig.Builder config, Map<String, AttributeValue> item,
            int idStart) {
        byte[] id = TestKeys.counting(32, idStart);
        Map<String, AttributeValue> stored = new ItemCodec(config.materialsProvider(provider).build(),
                out -> System.arraycopy(id, 0, out, 0, out.length)).encrypt(item);
        return stored.get(Format.HEADER_ATTRIBUTE).b().asByteArray();
    }

    private static TableConfig.Builder orders() {
        return TableConfig.builder().tableName("orders").partitionKey("pk").sortKey("sk")
                .action("status", CryptoAction.SIGN_ONLY).action("note", CryptoAction.DO_NOTHING);
    }

    private static Map<String, AttributeValue> keysAndStatus() {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("pk", AttributeValue.fromS("customer#42"));
        m.put("sk", AttributeValue.fromN("7"));
        m.put("status", AttributeValue.fromS("SHIPPED"));
        return m;
    }

    static Map<String, byte[]> headers() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        byte[] everyType = header(TestKeys.staticProvider(), orders(), Items.everyType(), 0x20);
        s.put("seed-static-every-type", everyType);
        s.put("seed-static-sign-only", header(TestKeys.staticProvider(), orders(), keysAndStatus(), 0x21));
        Map<String, AttributeValue> keysOnly = new LinkedHashMap<>(keysAndStatus());
        keysOnly.remove("status");
        s.put("seed-static-keys-only", header(TestKeys.staticProvider(), orders(), keysOnly, 0x22));

        byte[] dataKey = TestKeys.counting(32, 0x33);
        MaterialsProvider wrappedAes = TestSeams.wrappedWithRandom(out -> System.arraycopy(dataKey, 0, out, 0, out.length))
                .addWrappingKey(WrappingKey.aes("wk-1", TestKeys.secret(32, 50)))
                .addSigningKey("sk-1", TestKeys.secret(32, 150))
                .build();
        s.put("seed-wrapped-aes-kwp", header(wrappedAes, orders(), Items.everyType(), 0x23));

        // RSA-OAEP output is randomized; its header shape (a 256-byte wrapped key) is fixed here.
        MaterialsDescription rsa = MaterialsDescription.builder().providerId("wrapped").keyId("rsa-1")
                .wrappedKey(TestKeys.counting(256, 9)).parameter("alg", "RSA-OAEP-SHA256").parameter("sk", "sk-1").build();
        s.put("seed-wrapped-rsa-oaep", header(new FixedDescriptionProvider(rsa, true), orders(), keysAndStatus(), 0x24));

        // Several wrapped copies of the data key (a multi-key or multi-Region provider).
        MaterialsDescription multi = MaterialsDescription.builder().providerId("kms")
                .keyId("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
                .wrappedKey(TestKeys.counting(184, 1))
                .addKey("arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd", TestKeys.counting(184, 2))
                .addKey("", new byte[0])
                .parameter("a", "").parameter("region", "eu-west-1").parameter("z.Z_9-", "\u00e9\uD83D\uDE00")
                .build();
        s.put("seed-multi-key", header(new FixedDescriptionProvider(multi, false), orders(), Items.everyType(), 0x25));

        // No signing key from the provider: the signing key is derived (what KMS does); a non-BMP key id.
        MaterialsDescription derived = MaterialsDescription.builder().providerId("test-fixed")
                .keyId("vector-\uD83D\uDE00").parameter("purpose", "test-vector").build();
        Map<String, AttributeValue> nonBmp = new LinkedHashMap<>(keysAndStatus());
        nonBmp.put("\uD83D\uDE00emoji", AttributeValue.fromS("x"));
        nonBmp.put("\uFF21wide", AttributeValue.fromS("y"));
        s.put("seed-derived-signing-key", header(new FixedDescriptionProvider(derived, false), orders(), nonBmp, 0x26));

        // A legend longer than 127 entries: its counts take two varint bytes.
        Map<String, AttributeValue> many = new LinkedHashMap<>(keysAndStatus());
        for (int i = 0; i < 150; i++) {
            many.put("a" + i, AttributeValue.fromN(Integer.toString(i)));
        }
        s.put("seed-static-150-attributes", header(TestKeys.staticProvider(), orders(), many, 0x27));

        // Suite 0x02: the static provider's header shape, and the KMS provider's with its public key parameter.
        TableConfig.Builder ecdsa = orders().algorithmSuite(dev.coffer.AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256);
        MaterialsDescription staticShape = MaterialsDescription.builder().providerId("static").keyId("test-static").build();
        s.put("seed-ecdsa-static", header(new FixedDescriptionProvider(staticShape, true), ecdsa, Items.everyType(), 0x28));
        MaterialsDescription kmsShape = MaterialsDescription.builder().providerId("kms")
                .keyId("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
                .wrappedKey(TestKeys.counting(184, 3)).parameter("ec", "table")
                .parameter("pk", "A/bPAmtpmjeDbkQaJd66AAme9gJH/5CxF7OxT7aRu1Po").build();
        s.put("seed-ecdsa-kms-public-key", header(new FixedDescriptionProvider(kmsShape, false),
                orders().algorithmSuite(dev.coffer.AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256), keysAndStatus(), 0x29));

        byte[] preRelease = everyType.clone();
        preRelease[0] = Format.PRE_RELEASE_VERSION;
        s.put("seed-pre-release-version", preRelease);
        return s;
    }

    // ---------------------------------------------------------------------------------------------
    // Values and numbers
    // ---------------------------------------------------------------------------------------------

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    /** Values of every type, named for the seed files. */
    static Map<String, AttributeValue> values() {
        Map<String, AttributeValue> everyType = Items.everyType();
        Map<String, AttributeValue> v = new LinkedHashMap<>();
        v.put("s-empty", s(""));
        v.put("s-ascii", s("customer#42"));
        v.put("s-latin1", s("\u00fcn\u00efc\u00f8d\u00e9"));
        v.put("s-non-bmp", s("\uD83D\uDE00 \uD834\uDD1E \uFF21"));
        v.put("s-2kb", s("x".repeat(1000) + "\u00e9".repeat(500)));
        v.put("n-zero", n("0"));
        v.put("n-negative-decimal", n("-1.5"));
        v.put("n-trailing-zeros", n("1.50E3"));
        v.put("n-small", n("0.001"));
        v.put("n-38-digits", n("12345678901234567890123456789012345678"));
        v.put("n-max", n("-9.9999999999999999999999999999999999999E+125"));
        v.put("n-min", n("1E-130"));
        v.put("b-empty", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[0])));
        v.put("b-bytes", everyType.get("blob"));
        v.put("bool-true", AttributeValue.fromBool(true));
        v.put("bool-false", AttributeValue.fromBool(false));
        v.put("null", AttributeValue.fromNul(true));
        v.put("ss-non-bmp-order", everyType.get("tags"));
        v.put("ns", everyType.get("scores"));
        v.put("bs", everyType.get("keys"));
        v.put("l-mixed", everyType.get("lines"));
        v.put("m-nested", everyType.get("address"));
        v.put("l-31-deep", Items.nestedLists(30, AttributeValue.fromM(Map.of("k", s("leaf")))));
        v.put("m-31-deep", Items.nestedMaps(31, n("1")));
        List<AttributeValue> numbers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            numbers.add(n(Integer.toString(i * 7919 - 500_000)));
        }
        v.put("l-200-numbers", AttributeValue.fromL(numbers));
        Map<String, AttributeValue> keys = new LinkedHashMap<>();
        for (String k : List.of("a", "b", "ab", "\u00e9", "\uFF21", "\uD83D\uDE00", "\uD83D\uDE00x", "z", "\u007f")) {
            keys.put(k, AttributeValue.fromBool(k.length() % 2 == 0));
        }
        v.put("m-key-order", AttributeValue.fromM(keys));
        return v;
    }

    private static byte[] encode(AttributeValue v) {
        ByteBuf b = new ByteBuf(64);
        ValueCodec.encode(v, b);
        return b.toByteArray();
    }

    static Map<String, byte[]> openValues() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        values().forEach((name, v) -> s.put("seed-" + name, encode(v)));
        return s;
    }

    static Map<String, byte[]> delimitedValues() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        values().forEach((name, v) -> {
            if (!name.contains("deep") && !name.startsWith("l-200")) {
                byte[] list = encode(AttributeValue.fromL(List.of(v)));
                // Drop "21 01" (a list of one): what is left is the element in delimited form.
                s.put("seed-" + name, Arrays.copyOfRange(list, 2, list.length));
            }
        });
        return s;
    }

    private static final List<String> NUMBERS = List.of("0", "1", "-1", "127", "128", "-129", "1500", "12.5", "-0.001",
            "123456789012345678", "1234567890123456789", "-9223372036854775808", "12345678901234567890123456789012345678",
            "1E+125", "1E-130", "-9.9999999999999999999999999999999999999E+125");

    static Map<String, byte[]> numberBodies() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        for (String n : NUMBERS) {
            ByteBuf b = new ByteBuf(24);
            Numbers.encode(n, b);
            s.put("seed-" + fileName(n), b.toByteArray());
        }
        return s;
    }

    static Map<String, byte[]> numberSpellings() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        for (String[] pair : Items.DYNAMODB_NUMBERS) {
            s.put("seed-" + fileName(pair[0]), pair[0].getBytes(StandardCharsets.ISO_8859_1));
        }
        // Refused: another script's digit, an empty exponent, words, whitespace, too many digits.
        s.put("seed-arabic-indic-three", "\u0663".getBytes(StandardCharsets.UTF_8));
        for (String refused : List.of("1e", "NaN", " 1", "123456789012345678901234567890123456789", "1E126", "1E-131")) {
            s.put("seed-" + fileName(refused), refused.getBytes(StandardCharsets.ISO_8859_1));
        }
        return s;
    }

    /** A file name for a number: digits and letters kept, the rest spelled out. */
    private static String fileName(String n) {
        String f = n.replace("-", "minus").replace("+", "plus").replace(".", "dot").replace(" ", "space");
        return f.length() > 48 ? f.substring(0, 40) + "-" + f.length() + "chars" : f;
    }

    static Map<String, byte[]> forgedPlaintexts() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        Map<String, AttributeValue> v = values();
        for (String name : List.of("s-non-bmp", "n-negative-decimal", "b-bytes", "null", "ss-non-bmp-order", "ns",
                "l-mixed", "m-nested", "l-31-deep", "m-key-order")) {
            s.put("seed-" + name, encode(v.get(name)));
        }
        // Near misses the decoder must refuse after GCM and the signature have passed.
        s.put("seed-invalid-utf8", new byte[] {ValueCodec.T_S, (byte) 0xC3, 0x28});
        s.put("seed-unsorted-set", new byte[] {ValueCodec.T_SS, 2, 1, 'b', 1, 'a'});
        s.put("seed-number-trailing-zero", new byte[] {ValueCodec.T_N, 0, 10});
        s.put("seed-trailing-byte", new byte[] {ValueCodec.T_NULL, 0});
        // 32 lists inside one another, the innermost empty: one level more than DynamoDB allows.
        byte[] deep = new byte[64];
        for (int i = 0; i < 32; i++) {
            deep[2 * i] = ValueCodec.T_L;
            deep[2 * i + 1] = (byte) (i < 31 ? 1 : 0);
        }
        s.put("seed-32-deep", deep);
        return s;
    }

    // ---------------------------------------------------------------------------------------------
    // Edit programs over the genuine items of ItemDecryptFuzzTest
    // ---------------------------------------------------------------------------------------------

    private static final int EVERY = 0;
    private static final int SMALL = 1;
    private static final int SIGN_ONLY = 2;
    private static final int NESTED = 3;
    private static final int MANY = 4;
    private static final String HEAD = Format.HEADER_ATTRIBUTE;
    private static final String SIG = Format.SIGNATURE_ATTRIBUTE;

    /** {@code Program.op} arguments for a 16-bit position. */
    private static int[] at(int pos, int... more) {
        int[] a = new int[2 + more.length];
        a[0] = pos >>> 8;
        a[1] = pos & 0xFF;
        System.arraycopy(more, 0, a, 2, more.length);
        return a;
    }

    static Map<String, byte[]> itemPrograms() {
        Map<String, byte[]> s = new LinkedHashMap<>();
        String[] bases = {"every-type", "small", "sign-only", "nested-large", "many"};
        for (int b = 0; b < bases.length; b++) {
            s.put("seed-unchanged-" + bases[b], new Program(b).bytes());
        }
        // Respelled as DynamoDB returns them: must still decrypt.
        s.put("seed-respell-sk-every-type", new Program(EVERY).op(RESPELL, "sk", 0).bytes());
        s.put("seed-respell-sk-exponent-nested", new Program(NESTED).op(RESPELL, "sk", 3).bytes());
        s.put("seed-respell-ns-status-nested", new Program(NESTED).op(RESPELL, "status", 2).bytes());
        s.put("seed-reorder-ss-status-many", new Program(MANY).op(RESPELL, "status", 0).bytes());
        // The header: version, suite, item id, provider id, legend count, a fingerprint, the commitment.
        for (int pos : new int[] {0, 1, 2, 34, 60, 70, 100}) {
            s.put("seed-flip-head-" + pos, new Program(EVERY).op(FLIP, HEAD, at(pos, 0)).bytes());
        }
        s.put("seed-insert-head", new Program(SMALL).op(INSERT, HEAD, at(40, 0, 0x7F)).bytes());
        s.put("seed-delete-head", new Program(SMALL).op(DELETE, HEAD, at(34, 3)).bytes());
        s.put("seed-truncate-head", new Program(SIGN_ONLY).op(RESIZE, HEAD, at(50)).bytes());
        s.put("seed-raw-head", new Program(SMALL).op(RAW, HEAD, 4, 2, 1, 0, 0).bytes());
        // The tag and the signature.
        s.put("seed-flip-tag", new Program(EVERY).op(FLIP, SIG, at(3, 5)).bytes());
        s.put("seed-flip-signature", new Program(EVERY).op(FLIP, SIG, at(40, 1)).bytes());
        s.put("seed-set-signature-sign-only", new Program(SIGN_ONLY).op(SET, SIG, at(31, 0)).bytes());
        s.put("seed-tag-from-small", new Program(EVERY).op(TAG, null, SMALL).bytes());
        s.put("seed-signature-from-small", new Program(EVERY)
                .op(TRANSPLANT, SIG, SMALL, Program.nameOf(SMALL, SIG), 0).bytes());
        // Ciphertext slices.
        s.put("seed-flip-slice", new Program(EVERY).op(FLIP, "card", at(0, 7)).bytes());
        s.put("seed-truncate-slice", new Program(EVERY).op(RESIZE, "total", at(2)).bytes());
        s.put("seed-extend-slice", new Program(NESTED).op(INSERT, "big", at(3000, 0, 0)).bytes());
        s.put("seed-swap-slices", new Program(EVERY).op2(SWAP, "card", "total").bytes());
        s.put("seed-splice-slices", new Program(MANY).op2(SPLICE, "a00", "a01", 1).bytes());
        s.put("seed-slice-from-other-item", new Program(EVERY)
                .op(TRANSPLANT, "card", SMALL, Program.nameOf(SMALL, "secret"), 1).bytes());
        // Attributes added, removed, renamed, retyped.
        s.put("seed-remove-encrypted", new Program(EVERY).op(REMOVE, "card").bytes());
        s.put("seed-remove-sort-key", new Program(SMALL).op(REMOVE, "sk").bytes());
        s.put("seed-remove-unsigned", new Program(EVERY).op(REMOVE, "note").bytes());
        s.put("seed-remove-signature", new Program(SMALL).op(REMOVE, SIG).bytes());
        s.put("seed-rename-to-unsigned", new Program(EVERY).op(RENAME, "card", Program.name("u_extra")).bytes());
        s.put("seed-rename-to-reserved", new Program(MANY).op(RENAME, "a07", Program.name(HEAD)).bytes());
        s.put("seed-add-unsigned", new Program(EVERY).op(ADD, null, Program.name("u_extra"), 0, 3, 'a', 'b', 'c')
                .bytes());
        s.put("seed-add-twin-unsigned", new Program(EVERY).op(ADD, null, Program.name("u_twin"), 5).bytes());
        s.put("seed-add-twin-of-key", new Program(SMALL).op(ADD, null, Program.name("u_twin"), 3).bytes());
        s.put("seed-add-twin-signed", new Program(SIGN_ONLY).op(ADD, null, Program.name("twin_signed"), 3).bytes());
        s.put("seed-add-unknown-type", new Program(EVERY).op(ADD, null, Program.name("u_extra"), 13).bytes());
        s.put("seed-retype-key", new Program(SMALL).op(REPLACE, "pk", 1, 2).bytes());
        s.put("seed-retype-encrypted-to-string", new Program(EVERY).op(REPLACE, "card", 0, 1, 'x').bytes());
        s.put("seed-null-false-sign-only", new Program(SIGN_ONLY).op(REPLACE, "status", 6).bytes());
        s.put("seed-respell-then-flip", new Program(NESTED).op(RESPELL, "sk", 1).op(FLIP, "deep", at(17, 2)).bytes());
        return s;
    }

    // ---------------------------------------------------------------------------------------------
    // Checking and writing
    // ---------------------------------------------------------------------------------------------

    private static void check(String dir, Map<String, byte[]> seeds) {
        Path d = RESOURCES.resolve(dir);
        try {
            if (WRITE) {
                Files.createDirectories(d);
                for (Path old : seedFiles(d)) {
                    Files.delete(old);
                }
                for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
                    Files.write(d.resolve(e.getKey()), e.getValue());
                }
                return;
            }
            List<String> problems = new ArrayList<>();
            for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
                Path f = d.resolve(e.getKey());
                if (!Files.exists(f)) {
                    problems.add(e.getKey() + " is missing");
                } else if (!Arrays.equals(Files.readAllBytes(f), e.getValue())) {
                    problems.add(e.getKey() + " differs from what the current code makes");
                }
            }
            for (Path f : seedFiles(d)) {
                if (!seeds.containsKey(f.getFileName().toString())) {
                    problems.add(f.getFileName() + " is no longer made");
                }
            }
            assertThat(problems).as("seed corpus %s is stale; if the format changed on purpose, rewrite it with "
                    + "./mvnw -B -o -q test -pl core -Dtest=SeedCorpusFuzzTest -Dcoffer.fuzz.writeSeeds=true", d)
                    .isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> seedFiles(Path d) throws IOException {
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(d)) {
            return files.filter(f -> f.getFileName().toString().startsWith("seed-")).sorted().toList();
        }
    }
}
