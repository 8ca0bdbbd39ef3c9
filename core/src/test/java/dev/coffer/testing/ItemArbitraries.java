package dev.coffer.testing;

import dev.coffer.CryptoAction;
import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import dev.coffer.materials.MaterialsProvider;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * jqwik generators for DynamoDB values and items that DynamoDB accepts: every type, unicode
 * including supplementary characters, empty strings and binaries, numbers in many spellings within
 * DynamoDB's precision and range, sets without duplicates, lists and maps nested up to DynamoDB's
 * limit (31 lists or maps inside one another, 32 levels counting the attribute).
 */
public final class ItemArbitraries {
    /** The most lists or maps DynamoDB accepts inside one another. */
    public static final int MAX_CONTAINERS = 31;
    /** Table name of {@link GeneratedItem#config}. */
    public static final String TABLE = "props";

    private static final int SPELLINGS = 9;
    private static final Arbitrary<AttributeValue>[] VALUES_BY_DEPTH = newArray(MAX_CONTAINERS + 1);

    private ItemArbitraries() {
    }

    // ---------------------------------------------------------------------------------------------
    // Strings and binaries
    // ---------------------------------------------------------------------------------------------

    /** Code points without surrogates: mostly printable ASCII, some BMP (controls, U+0000, U+E000-U+FFFF), some supplementary. */
    public static Arbitrary<Integer> codePoints() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0x20, 0x7E)),
                Tuple.of(2, Arbitraries.integers().between(0, 0xFFFF).filter(c -> c < 0xD800 || c > 0xDFFF)),
                Tuple.of(1, Arbitraries.integers().between(0xE000, 0xFFFF)),
                Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10FFFF)));
    }

    /** Strings of 0 to {@code maxCodePoints} code points (empty included). */
    public static Arbitrary<String> strings(int maxCodePoints) {
        return codePoints().list().ofMaxSize(maxCodePoints).map(ItemArbitraries::fromCodePoints);
    }

    /** Strings of 1 to {@code maxCodePoints} code points. */
    public static Arbitrary<String> nonEmptyStrings(int maxCodePoints) {
        return codePoints().list().ofMinSize(1).ofMaxSize(maxCodePoints).map(ItemArbitraries::fromCodePoints);
    }

    public static Arbitrary<byte[]> binaries(int maxBytes) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(maxBytes);
    }

    private static String fromCodePoints(List<Integer> cps) {
        StringBuilder b = new StringBuilder(cps.size() * 2);
        cps.forEach(b::appendCodePoint);
        return b.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // Numbers
    // ---------------------------------------------------------------------------------------------

    /** One spelling of a number DynamoDB accepts, and the value it spells. */
    public static final class NumberSpelling {
        public final String text;
        public final BigDecimal value;

        NumberSpelling(String text, BigDecimal value) {
            this.text = text;
            this.value = value;
        }

        /** The form DynamoDB returns: plain decimal, no trailing fractional zeros, zero as "0". */
        public String dynamoDbForm() {
            return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Numbers DynamoDB accepts (1 to 38 significant digits, 1E-130 to 9.99..E+125), spelled in many ways. */
    public static Arbitrary<NumberSpelling> numberSpellings() {
        Arbitrary<String> significand = Combinators.combine(
                        Arbitraries.integers().between(1, 9),
                        Arbitraries.frequencyOf(
                                Tuple.of(6, Arbitraries.strings().withCharRange('0', '9').ofMaxLength(5)),
                                Tuple.of(1, Arbitraries.strings().withCharRange('0', '9').ofMaxLength(37))))
                .as((first, rest) -> first + rest);
        // Decimal exponent of the first significant digit: mostly small, sometimes anywhere in range.
        Arbitrary<Integer> exponent = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.integers().between(-8, 8)),
                Tuple.of(1, Arbitraries.integers().between(-130, 125)),
                Tuple.of(1, Arbitraries.of(-130, -129, 124, 125)));
        Arbitrary<NumberSpelling> nonZero = Combinators.combine(
                        significand, exponent, Arbitraries.of("", "-", "+"), Arbitraries.integers().between(0, SPELLINGS - 1))
                .as(ItemArbitraries::spell);
        Arbitrary<NumberSpelling> zero = Arbitraries.of("0", "-0", "+0", "0.0", "00", "0E10", "-0.000E-5", "0e0", ".0", "0.")
                .map(z -> new NumberSpelling(z, BigDecimal.ZERO));
        return Arbitraries.frequencyOf(Tuple.of(12, nonZero), Tuple.of(1, zero));
    }

    public static Arbitrary<String> numbers() {
        return numberSpellings().map(n -> n.text);
    }

    private static NumberSpelling spell(String digits, int exponent, String sign, int spelling) {
        int k = digits.length();
        BigDecimal magnitude = new BigDecimal(new BigInteger(digits), k - 1 - exponent);
        BigDecimal value = sign.equals("-") ? magnitude.negate() : magnitude;
        String plain = magnitude.toPlainString();
        String body;
        switch (spelling) {
            case 0:
                body = plain;
                break;
            case 1:
                body = digits.charAt(0) + (k > 1 ? "." + digits.substring(1) : "") + "E" + (exponent >= 0 ? "+" : "") + exponent;
                break;
            case 2:
                body = digits.charAt(0) + (k > 1 ? "." + digits.substring(1) : "") + "e" + exponent;
                break;
            case 3:
                body = digits + "E" + (exponent - k + 1);
                break;
            case 4:
                body = "00" + plain + (plain.indexOf('.') >= 0 ? "000" : ".000");
                break;
            case 5:
                body = plain.startsWith("0.") ? plain.substring(1) : plain.indexOf('.') < 0 ? plain + "." : plain;
                break;
            case 6:
                body = magnitude.toString();
                break;
            case 7:
                body = "0.00" + digits + "E" + (exponent + 3);
                break;
            default:
                body = "000" + digits + "0e" + (exponent - k);
                break;
        }
        return new NumberSpelling(sign + body, value);
    }

    // ---------------------------------------------------------------------------------------------
    // Values
    // ---------------------------------------------------------------------------------------------

    /** S, N, B, BOOL and NULL, with empty strings and binaries. */
    public static Arbitrary<AttributeValue> scalars() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, strings(12).map(AttributeValue::fromS)),
                Tuple.of(4, numbers().map(AttributeValue::fromN)),
                Tuple.of(2, binaries(24).map(b -> AttributeValue.fromB(SdkBytes.fromByteArray(b)))),
                Tuple.of(1, Arbitraries.of(true, false).map(AttributeValue::fromBool)),
                Tuple.of(1, Arbitraries.just(AttributeValue.fromNul(true))));
    }

    /** SS, NS and BS: non-empty, no duplicates (numbers compared as DynamoDB compares them). */
    public static Arbitrary<AttributeValue> sets() {
        return Arbitraries.oneOf(
                strings(8).list().ofMinSize(1).ofMaxSize(6).uniqueElements().map(AttributeValue::fromSs),
                numberSpellings().list().ofMinSize(1).ofMaxSize(6).uniqueElements(n -> n.dynamoDbForm())
                        .map(l -> AttributeValue.fromNs(l.stream().map(n -> n.text).toList())),
                binaries(8).list().ofMinSize(1).ofMaxSize(6).uniqueElements(b -> HexFormat.of().formatHex(b))
                        .map(l -> AttributeValue.fromBs(l.stream().map(SdkBytes::fromByteArray).toList())));
    }

    /** Any value: scalars, sets, lists and maps of any values, sometimes nested to DynamoDB's limit. */
    public static Arbitrary<AttributeValue> values() {
        return Arbitraries.frequencyOf(Tuple.of(30, value(0)), Tuple.of(1, deepValues()));
    }

    /** A chain of 1 to 31 lists and maps inside one another, around a scalar or an empty list or map. */
    public static Arbitrary<AttributeValue> deepValues() {
        Arbitrary<AttributeValue> leaf = Arbitraries.frequencyOf(
                Tuple.of(3, scalars()),
                Tuple.of(1, Arbitraries.of(AttributeValue.fromL(List.of()), AttributeValue.fromM(Map.of()))));
        return Combinators.combine(
                        // integers() has its bounds as edge cases, so the deepest chain comes up often.
                        Arbitraries.integers().between(0, MAX_CONTAINERS - 1)
                                .flatMap(n -> Arbitraries.of(true, false).list().ofSize(n)),
                        leaf, nonEmptyStrings(3))
                .as((wrappers, inner, key) -> {
                    // A scalar leaf goes into a list first, so there are 1 to 31 containers either way.
                    AttributeValue v = inner;
                    if (!inner.hasL() && !inner.hasM()) {
                        v = AttributeValue.fromL(List.of(inner));
                    }
                    for (boolean list : wrappers) {
                        v = list ? AttributeValue.fromL(List.of(v)) : AttributeValue.fromM(Map.of(key, v));
                    }
                    return v;
                });
    }

    private static synchronized Arbitrary<AttributeValue> value(int depth) {
        if (VALUES_BY_DEPTH[depth] == null) {
            Arbitrary<AttributeValue> leaves = Arbitraries.frequencyOf(Tuple.of(4, scalars()), Tuple.of(1, sets()));
            if (depth >= MAX_CONTAINERS - 1) {
                VALUES_BY_DEPTH[depth] = leaves;
            } else {
                Arbitrary<AttributeValue> inner = Arbitraries.lazy(() -> value(depth + 1));
                int width = depth == 0 ? 5 : depth < 3 ? 3 : 1;
                VALUES_BY_DEPTH[depth] = Arbitraries.frequencyOf(
                        Tuple.of(8, leaves),
                        Tuple.of(1, inner.list().ofMaxSize(width).map(AttributeValue::fromL)),
                        Tuple.of(1, Arbitraries.maps(nonEmptyStrings(6), inner).ofMaxSize(width).map(AttributeValue::fromM)));
            }
        }
        return VALUES_BY_DEPTH[depth];
    }

    @SuppressWarnings("unchecked")
    private static <T> T[] newArray(int n) {
        return (T[]) new Arbitrary<?>[n];
    }

    /** A large S or B value of {@code minBytes} to {@code maxBytes} (S: ASCII plus some multi-byte characters). */
    public static Arbitrary<AttributeValue> largeValues(int minBytes, int maxBytes) {
        return Arbitraries.integers().between(minBytes, maxBytes).flatMap(n -> Arbitraries.randomValue(r -> {
            if (r.nextBoolean()) {
                byte[] b = new byte[n];
                r.nextBytes(b);
                return AttributeValue.fromB(SdkBytes.fromByteArray(b));
            }
            StringBuilder s = new StringBuilder(n);
            while (s.length() < n / 2) {
                int c = r.nextInt(20) == 0 ? 0x1F600 + r.nextInt(64) : 0x20 + r.nextInt(0x5F);
                s.appendCodePoint(c);
            }
            return AttributeValue.fromS(s.toString());
        }));
    }

    // ---------------------------------------------------------------------------------------------
    // Items
    // ---------------------------------------------------------------------------------------------

    /** An item and the actions its table configuration gives each non-key attribute. */
    public static final class GeneratedItem {
        public final Map<String, AttributeValue> item;
        public final Map<String, CryptoAction> actions;

        GeneratedItem(Map<String, AttributeValue> item, Map<String, CryptoAction> actions) {
            this.item = item;
            this.actions = actions;
        }

        /** Table {@value ItemArbitraries#TABLE}, partition key "pk", sort key "sk", the item's actions. */
        public TableConfig config(MaterialsProvider provider) {
            return TableConfig.builder().tableName(TABLE).partitionKey("pk").sortKey("sk").actions(actions)
                    .materialsProvider(provider).build();
        }

        public GeneratedItem with(String name, AttributeValue value, CryptoAction action) {
            Map<String, AttributeValue> i = new LinkedHashMap<>(item);
            i.put(name, value);
            Map<String, CryptoAction> a = new LinkedHashMap<>(actions);
            a.put(name, action);
            return new GeneratedItem(i, a);
        }

        @Override
        public String toString() {
            return "GeneratedItem{actions=" + actions + ", item=" + item + "}";
        }
    }

    /** Key values DynamoDB accepts: a non-empty S, an N, a non-empty B. */
    public static Arbitrary<AttributeValue> keyValues() {
        return Arbitraries.oneOf(
                nonEmptyStrings(10).map(AttributeValue::fromS),
                numbers().map(AttributeValue::fromN),
                binaries(16).filter(b -> b.length > 0).map(b -> AttributeValue.fromB(SdkBytes.fromByteArray(b))));
    }

    /** Attribute names: non-empty, unicode, never a key or reserved name. */
    public static Arbitrary<String> attributeNames() {
        return nonEmptyStrings(10).filter(n -> !n.equals("pk") && !n.equals("sk")
                && !n.equals(ItemEncryptor.HEADER_ATTRIBUTE) && !n.equals(ItemEncryptor.SIGNATURE_ATTRIBUTE));
    }

    /** Items with keys "pk" and "sk" and up to {@code maxAttributes} more, each with a random action. */
    public static Arbitrary<GeneratedItem> items(int maxAttributes) {
        Arbitrary<Map<String, Map.Entry<AttributeValue, CryptoAction>>> attributes = Arbitraries.maps(attributeNames(),
                        Combinators.combine(values(), Arbitraries.of(CryptoAction.class)).as(Map::entry))
                .ofMaxSize(maxAttributes);
        return Combinators.combine(keyValues(), keyValues(), attributes).as((pk, sk, attrs) -> {
            Map<String, AttributeValue> item = new LinkedHashMap<>();
            Map<String, CryptoAction> actions = new LinkedHashMap<>();
            item.put("pk", pk);
            item.put("sk", sk);
            attrs.forEach((name, va) -> {
                item.put(name, va.getKey());
                actions.put(name, va.getValue());
            });
            return new GeneratedItem(item, actions);
        });
    }

    // ---------------------------------------------------------------------------------------------
    // What DynamoDB does to a value
    // ---------------------------------------------------------------------------------------------

    /**
     * {@code v} as DynamoDB may return it: numbers normalized, set members in another order, map
     * entries in another order.
     */
    public static AttributeValue asReturnedByDynamoDb(AttributeValue v, Random random) {
        switch (v.type()) {
            case N:
                return AttributeValue.fromN(Items.normalizedNumber(v.n()));
            case NS: {
                List<String> l = new ArrayList<>();
                v.ns().forEach(n -> l.add(Items.normalizedNumber(n)));
                java.util.Collections.shuffle(l, random);
                return AttributeValue.fromNs(l);
            }
            case SS: {
                List<String> l = new ArrayList<>(v.ss());
                java.util.Collections.shuffle(l, random);
                return AttributeValue.fromSs(l);
            }
            case BS: {
                List<SdkBytes> l = new ArrayList<>(v.bs());
                java.util.Collections.shuffle(l, random);
                return AttributeValue.fromBs(l);
            }
            case L: {
                List<AttributeValue> l = new ArrayList<>();
                v.l().forEach(e -> l.add(asReturnedByDynamoDb(e, random)));
                return AttributeValue.fromL(l);
            }
            case M: {
                List<String> keys = new ArrayList<>(v.m().keySet());
                java.util.Collections.shuffle(keys, random);
                Map<String, AttributeValue> m = new LinkedHashMap<>();
                keys.forEach(k -> m.put(k, asReturnedByDynamoDb(v.m().get(k), random)));
                return AttributeValue.fromM(m);
            }
            default:
                return v;
        }
    }
}
