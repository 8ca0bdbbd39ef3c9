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
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Generators ({@link Gen}) of DynamoDB values and items that DynamoDB accepts: every type, unicode
 * including supplementary characters and controls, empty strings and binaries, numbers in many
 * spellings within DynamoDB's precision and range, sets without duplicates, lists and maps nested
 * up to DynamoDB's limit (31 lists or maps inside one another, 32 levels counting the attribute),
 * large values. Stateless and safe to share.
 */
public final class ItemGen {
    /** The most lists or maps DynamoDB accepts inside one another. */
    public static final int MAX_CONTAINERS = 31;
    /** Table name of {@link GeneratedItem#config}. */
    public static final String TABLE = "props";

    private static final int SPELLINGS = 9;
    private static final List<Gen<AttributeValue>> VALUES_BY_DEPTH = valuesByDepth();

    private ItemGen() {
    }

    // ---------------------------------------------------------------------------------------------
    // Strings and binaries
    // ---------------------------------------------------------------------------------------------

    /** Code points without surrogates: mostly printable ASCII, some BMP (controls, U+0000, U+E000-U+FFFF), some supplementary. */
    public static Gen<Integer> codePoints() {
        return Gen.frequency(
                Gen.weight(6, Gen.ints(0x20, 0x7E)),
                Gen.weight(2, Gen.ints(0, 0xFFFF).filter(c -> c < 0xD800 || c > 0xDFFF)),
                Gen.weight(1, Gen.ints(0xE000, 0xFFFF)),
                Gen.weight(2, Gen.ints(0x10000, 0x10FFFF)));
    }

    /** Strings of 0 to {@code maxCodePoints} code points (empty included). */
    public static Gen<String> strings(int maxCodePoints) {
        return codePoints().list(0, maxCodePoints).map(ItemGen::fromCodePoints);
    }

    /** Strings of 1 to {@code maxCodePoints} code points. */
    public static Gen<String> nonEmptyStrings(int maxCodePoints) {
        return codePoints().list(1, maxCodePoints).map(ItemGen::fromCodePoints);
    }

    public static Gen<byte[]> binaries(int maxBytes) {
        return Gen.bytes(0, maxBytes);
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
    public static Gen<NumberSpelling> numberSpellings() {
        Gen<Integer> firstDigit = Gen.ints(1, 9);
        Gen<String> moreDigits = Gen.frequency(Gen.weight(6, Gen.digits(0, 5)), Gen.weight(1, Gen.digits(0, 37)));
        // Decimal exponent of the first significant digit: mostly small, sometimes anywhere in range.
        Gen<Integer> exponent = Gen.frequency(
                Gen.weight(8, Gen.ints(-8, 8)),
                Gen.weight(1, Gen.ints(-130, 125)),
                Gen.weight(1, Gen.of(-130, -129, 124, 125)));
        Gen<String> sign = Gen.of("", "-", "+");
        Gen<Integer> spelling = Gen.ints(0, SPELLINGS - 1);
        Gen<NumberSpelling> nonZero = r -> spell(firstDigit.next(r) + moreDigits.next(r), exponent.next(r), sign.next(r),
                spelling.next(r));
        Gen<NumberSpelling> zero = Gen.of("0", "-0", "+0", "0.0", "00", "0E10", "-0.000E-5", "0e0", ".0", "0.")
                .map(z -> new NumberSpelling(z, BigDecimal.ZERO));
        return Gen.frequency(Gen.weight(12, nonZero), Gen.weight(1, zero));
    }

    public static Gen<String> numbers() {
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
    public static Gen<AttributeValue> scalars() {
        return Gen.frequency(
                Gen.weight(4, strings(12).map(AttributeValue::fromS)),
                Gen.weight(4, numbers().map(AttributeValue::fromN)),
                Gen.weight(2, binaries(24).map(b -> AttributeValue.fromB(SdkBytes.fromByteArray(b)))),
                Gen.weight(1, Gen.booleans().map(AttributeValue::fromBool)),
                Gen.weight(1, Gen.constant(AttributeValue.fromNul(true))));
    }

    /** SS, NS and BS: non-empty, no duplicates (numbers compared as DynamoDB compares them). */
    public static Gen<AttributeValue> sets() {
        return Gen.oneOf(
                strings(8).uniqueList(1, 6).map(AttributeValue::fromSs),
                numberSpellings().uniqueList(1, 6, NumberSpelling::dynamoDbForm)
                        .map(l -> AttributeValue.fromNs(l.stream().map(n -> n.text).toList())),
                binaries(8).uniqueList(1, 6, b -> HexFormat.of().formatHex(b))
                        .map(l -> AttributeValue.fromBs(l.stream().map(SdkBytes::fromByteArray).toList())));
    }

    /** Any value: scalars, sets, lists and maps of any values, sometimes nested to DynamoDB's limit. */
    public static Gen<AttributeValue> values() {
        return Gen.frequency(Gen.weight(30, VALUES_BY_DEPTH.get(0)), Gen.weight(1, deepValues()));
    }

    /** A chain of 1 to 31 lists and maps inside one another, around a scalar or an empty list or map. */
    public static Gen<AttributeValue> deepValues() {
        Gen<AttributeValue> leaf = Gen.frequency(
                Gen.weight(3, scalars()),
                Gen.weight(1, Gen.of(AttributeValue.fromL(List.of()), AttributeValue.fromM(Map.of()))));
        // ints() has its bounds as edge cases, so the deepest chain comes up often.
        Gen<Integer> wrappers = Gen.ints(0, MAX_CONTAINERS - 1);
        Gen<String> keys = nonEmptyStrings(3);
        return r -> {
            int n = wrappers.next(r);
            AttributeValue inner = leaf.next(r);
            String key = keys.next(r);
            // A scalar leaf goes into a list first, so there are 1 to 31 containers either way.
            AttributeValue v = inner;
            if (!inner.hasL() && !inner.hasM()) {
                v = AttributeValue.fromL(List.of(inner));
            }
            for (int i = 0; i < n; i++) {
                v = r.nextBoolean() ? AttributeValue.fromL(List.of(v)) : AttributeValue.fromM(Map.of(key, v));
            }
            return v;
        };
    }

    /**
     * Values at each depth: mostly scalars and sets; lists and maps of values one level deeper, up
     * to 5 wide at the top, 3 just below and 1 further down, never beyond DynamoDB's limit.
     */
    private static List<Gen<AttributeValue>> valuesByDepth() {
        Gen<AttributeValue> leaves = Gen.frequency(Gen.weight(4, scalars()), Gen.weight(1, sets()));
        Gen<String> keys = nonEmptyStrings(6);
        List<Gen<AttributeValue>> byDepth = new ArrayList<>(MAX_CONTAINERS);
        for (int depth = 0; depth < MAX_CONTAINERS; depth++) {
            byDepth.add(null);
        }
        byDepth.set(MAX_CONTAINERS - 1, leaves);
        for (int depth = MAX_CONTAINERS - 2; depth >= 0; depth--) {
            Gen<AttributeValue> inner = byDepth.get(depth + 1);
            int width = depth == 0 ? 5 : depth < 3 ? 3 : 1;
            Gen<AttributeValue> lists = inner.list(0, width).map(AttributeValue::fromL);
            Gen<AttributeValue> maps = r -> {
                Map<String, AttributeValue> m = new LinkedHashMap<>();
                for (String k : keys.uniqueList(0, width).next(r)) {
                    m.put(k, inner.next(r));
                }
                return AttributeValue.fromM(m);
            };
            byDepth.set(depth, Gen.frequency(Gen.weight(8, leaves), Gen.weight(1, lists), Gen.weight(1, maps)));
        }
        return List.copyOf(byDepth);
    }

    /** A large S or B value of {@code minBytes} to {@code maxBytes} (S: ASCII plus some multi-byte characters). */
    public static Gen<AttributeValue> largeValues(int minBytes, int maxBytes) {
        Gen<Integer> sizes = Gen.ints(minBytes, maxBytes);
        return r -> {
            int n = sizes.next(r);
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
        };
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

        /** Table {@value ItemGen#TABLE}, partition key "pk", sort key "sk", the item's actions. */
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
    public static Gen<AttributeValue> keyValues() {
        return Gen.oneOf(
                nonEmptyStrings(10).map(AttributeValue::fromS),
                numbers().map(AttributeValue::fromN),
                Gen.bytes(1, 16).map(b -> AttributeValue.fromB(SdkBytes.fromByteArray(b))));
    }

    /** Attribute names: non-empty, unicode, never a key or reserved name. */
    public static Gen<String> attributeNames() {
        return nonEmptyStrings(10).filter(n -> !n.equals("pk") && !n.equals("sk")
                && !n.equals(ItemEncryptor.HEADER_ATTRIBUTE) && !n.equals(ItemEncryptor.SIGNATURE_ATTRIBUTE));
    }

    /** Items with keys "pk" and "sk" and up to {@code maxAttributes} more, each with a random action. */
    public static Gen<GeneratedItem> items(int maxAttributes) {
        Gen<AttributeValue> keys = keyValues();
        Gen<List<String>> names = attributeNames().uniqueList(0, maxAttributes);
        Gen<AttributeValue> values = values();
        Gen<CryptoAction> actions = Gen.of(CryptoAction.class);
        return r -> {
            Map<String, AttributeValue> item = new LinkedHashMap<>();
            Map<String, CryptoAction> itemActions = new LinkedHashMap<>();
            item.put("pk", keys.next(r));
            item.put("sk", keys.next(r));
            for (String name : names.next(r)) {
                item.put(name, values.next(r));
                itemActions.put(name, actions.next(r));
            }
            return new GeneratedItem(item, itemActions);
        };
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
