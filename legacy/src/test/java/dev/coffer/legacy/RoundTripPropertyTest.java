package dev.coffer.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.dynamodbv2.datamodeling.encryption.providers.SymmetricStaticProvider;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.providers.WrappedMaterialsProvider;
import dev.coffer.CryptoAction;
import dev.coffer.TableConfig;
import dev.coffer.legacy.testing.LegacyWriter;
import dev.coffer.legacy.testing.Vectors;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Seeded property test: random items of every DynamoDB type (nested documents, sets, names and
 * strings near and beyond the BMP's end, number spellings), with random actions, written by the
 * legacy client and read back by the native reader. The seed is random in every run and printed on
 * failure; {@code -Dcoffer.seed=N} (or {@code COFFER_SEED}) replays one.
 */
class RoundTripPropertyTest {
    private static final int TRIES = 150;
    private static final String[] PIECES = {"a", "Z", "0", " ", "é", "Ψ", "\u30c6", "\uE000", "\uFFFD", "😀", "𝄞", "key"};

    @Test
    void decrypt_randomItemsWrittenByTheLegacyClient_giveTheirPlaintext() {
        String fixed = System.getProperty("coffer.seed", System.getenv("COFFER_SEED"));
        long first = fixed != null ? Long.parseLong(fixed) : new Random().nextLong();
        Random keys = new Random(first);
        SecretKey aes = new SecretKeySpec(bytes(keys, 32), "AES");
        SecretKey hmac = new SecretKeySpec(bytes(keys, 32), "HmacSHA256");
        LegacyItemReader staticReader = LegacyItemReader.builder().keys(LegacyKeys.symmetricStatic(aes, hmac)).build();
        LegacyItemReader wrappedReader = LegacyItemReader.builder().keys(LegacyKeys.wrapped(aes, hmac)).build();
        SymmetricStaticProvider staticWriter = new SymmetricStaticProvider(aes, hmac);
        WrappedMaterialsProvider wrappedWriter = new WrappedMaterialsProvider(aes, aes, hmac);

        for (int i = 0; i < (fixed != null ? 1 : TRIES); i++) {
            long seed = first + i;
            Random r = new Random(seed);
            TableConfig.Builder tb = PublishedVectorsTest.tableBuilder().tableName("t-" + string(r)).partitionKey("pk");
            Map<String, AttributeValue> item = new LinkedHashMap<>();
            item.put("pk", AttributeValue.builder().s("k" + string(r)).build());
            int n = 1 + r.nextInt(8);
            for (int a = 0; a < n; a++) {
                String name = "n" + string(r);
                if (name.equals("pk")) {
                    continue;
                }
                item.put(name, value(r, 0));
                tb.action(name, CryptoAction.values()[r.nextInt(3)]);
            }
            TableConfig table = tb.build();
            boolean wrapped = r.nextBoolean();
            try {
                Map<String, AttributeValue> stored = LegacyWriter.write(wrapped ? wrappedWriter : staticWriter, table, item);
                Map<String, AttributeValue> got = stored.containsKey("*amzn-ddb-map-sig*")
                        ? (wrapped ? wrappedReader : staticReader).decrypt(stored, table) : stored;
                assertThat(Vectors.canon(got)).isEqualTo(Vectors.canon(item));
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("seed " + seed + " failed; replay with ./mvnw -B -q verify -pl legacy -am "
                        + "-Dtest=RoundTripPropertyTest -Dsurefire.failIfNoSpecifiedTests=false -Dcoffer.seed=" + seed
                        + ": " + e.getMessage(), e);
            }
        }
    }

    private static AttributeValue value(Random r, int depth) {
        int kind = r.nextInt(depth >= 3 ? 8 : 10);
        return switch (kind) {
            case 0 -> AttributeValue.builder().s(string(r)).build();
            case 1 -> AttributeValue.builder().n(number(r)).build();
            case 2 -> AttributeValue.builder().b(SdkBytes.fromByteArray(bytes(r, r.nextInt(40)))).build();
            case 3 -> {
                Set<String> ss = new LinkedHashSet<>();
                for (int i = 0, n = 1 + r.nextInt(5); i < n; i++) {
                    ss.add(string(r));
                }
                yield AttributeValue.builder().ss(ss).build();
            }
            case 4 -> {
                Map<BigDecimal, String> ns = new LinkedHashMap<>();
                for (int i = 0, n = 1 + r.nextInt(5); i < n; i++) {
                    String s = number(r);
                    ns.putIfAbsent(new BigDecimal(s).stripTrailingZeros(), s);
                }
                yield AttributeValue.builder().ns(ns.values()).build();
            }
            case 5 -> {
                Map<String, SdkBytes> bs = new LinkedHashMap<>();
                for (int i = 0, n = 1 + r.nextInt(5); i < n; i++) {
                    byte[] b = bytes(r, 1 + r.nextInt(4));
                    bs.putIfAbsent(java.util.HexFormat.of().formatHex(b), SdkBytes.fromByteArray(b));
                }
                yield AttributeValue.builder().bs(bs.values()).build();
            }
            case 6 -> AttributeValue.builder().bool(r.nextBoolean()).build();
            case 7 -> AttributeValue.builder().nul(true).build();
            case 8 -> {
                List<AttributeValue> l = new ArrayList<>();
                for (int i = 0, n = r.nextInt(4); i < n; i++) {
                    l.add(value(r, depth + 1));
                }
                yield AttributeValue.builder().l(l).build();
            }
            default -> {
                Map<String, AttributeValue> m = new LinkedHashMap<>();
                for (int i = 0, n = r.nextInt(4); i < n; i++) {
                    m.put(string(r), value(r, depth + 1));
                }
                yield AttributeValue.builder().m(m).build();
            }
        };
    }

    private static String string(Random r) {
        StringBuilder b = new StringBuilder();
        for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
            b.append(PIECES[r.nextInt(PIECES.length)]);
        }
        return b.toString();
    }

    /** Spellings DynamoDB accepts: integers, decimals with trailing zeros, exponents, signs. */
    private static String number(Random r) {
        String digits = Long.toString(Math.abs(r.nextLong() % 1_000_000_000L));
        return switch (r.nextInt(5)) {
            case 0 -> digits;
            case 1 -> "-" + digits + ".50";
            case 2 -> digits + "E" + (r.nextInt(20) - 10);
            case 3 -> "0.000" + digits;
            default -> digits + ".0";
        };
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
