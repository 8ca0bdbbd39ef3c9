package dev.coffer.fuzz;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.coffer.CofferException;
import dev.coffer.CryptoAction;
import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import dev.coffer.internal.format.Header;
import dev.coffer.internal.format.ItemCodec;
import dev.coffer.materials.StaticProvider;
import dev.coffer.testing.Items;
import dev.coffer.testing.TestKeys;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Fuzz target for whole-item decryption through the public API: {@link ItemEncryptor#decrypt} with a
 * {@link StaticProvider}, on genuine encrypted items changed the way anyone with write access to the
 * table could change them.
 *
 * <p>The input is a small mutation program (see {@link Program} and the opcodes below): it picks one
 * of five genuine stored items ({@link #BASES}: every type; small; sign-only; nested, large and
 * non-BMP; many attributes) and applies up to eight edits: flip, set, insert or delete bytes of any
 * binary attribute (the header, the tag and signature, every ciphertext slice), resize or replace
 * it, splice bytes from one slice into another, move the tag or any attribute in from another item,
 * add, remove, rename or swap attributes, change a value's type, or respell a value as DynamoDB
 * would return it. Because mutations are interpreted against fixed items (generated from fixed
 * item ids, see {@link #BASES}), every input replays the same way.
 *
 * <p>Invariant: decrypt throws nothing but a {@link CofferException}. If it returns, every signed
 * attribute, the header and the signature of the mutated item equal the genuine item's as DynamoDB
 * compares values (numbers by value, sets without order), every signed value returned equals the
 * plaintext's, the attributes the configuration accepts unsigned come back exactly as they are, and
 * no reserved attribute comes back. An item DynamoDB considers unchanged must decrypt.
 *
 * <p>Two of the genuine items have an item id chosen so that a name that is not in the item shares
 * a fingerprint with a signed attribute ({@code u_twin}, {@code twin_signed}): adding it makes the
 * legend ambiguous and sends the reader down its verify-every-reading path.
 */
public class ItemDecryptFuzzTest {
    public static final int FLIP = 0;
    public static final int SET = 1;
    public static final int INSERT = 2;
    public static final int DELETE = 3;
    public static final int RESIZE = 4;
    public static final int REMOVE = 5;
    public static final int RENAME = 6;
    public static final int ADD = 7;
    public static final int REPLACE = 8;
    public static final int SWAP = 9;
    public static final int TRANSPLANT = 10;
    public static final int RESPELL = 11;
    public static final int RAW = 12;
    public static final int SPLICE = 13;
    public static final int TAG = 14;
    private static final int OPS = 15;
    private static final int MAX_OPS = 8;

    private static final String HEAD = ItemEncryptor.HEADER_ATTRIBUTE;
    private static final String SIG = ItemEncryptor.SIGNATURE_ATTRIBUTE;

    /** Table "orders": pk, sk, "status" sign-only, "note" unsigned, names starting "u_" accepted unsigned. */
    static final TableConfig CONFIG = TableConfig.builder()
            .tableName("orders")
            .partitionKey("pk")
            .sortKey("sk")
            .action("status", CryptoAction.SIGN_ONLY)
            .action("note", CryptoAction.DO_NOTHING)
            .allowedUnsignedPrefix("u_")
            .materialsProvider(TestKeys.staticProvider())
            .build();
    private static final ItemEncryptor ENCRYPTOR = ItemEncryptor.create(CONFIG);

    /** Names that mutations rename attributes to and add: the items' own, near misses, reserved ones, null. */
    public static final List<String> NAMES;
    /** Number spellings for new values: valid, normalizable, out of range, not numbers. */
    private static final List<String> NUMBERS = List.of("0", "1", "7", "-1.5", "1E+3", "1e3", "1000", "0.001", "1E-130",
            "9.99E125", "1E126", "1E-131", "12345678901234567890123456789012345678",
            "123456789012345678901234567890123456789", "+5", ".5", "5.", "-0", "\u0663", "NaN", "0x10", "", " 1");
    private static final Pattern NUMBER = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    /** A genuine item: its plaintext, as stored, and a name for messages. */
    public static final class Base {
        public final String name;
        final Map<String, AttributeValue> plain;
        final Map<String, AttributeValue> stored;

        Base(String name, Map<String, AttributeValue> plain, byte[] itemId) {
            this.name = name;
            this.plain = Collections.unmodifiableMap(new LinkedHashMap<>(plain));
            byte[] id = itemId.clone();
            this.stored = new ItemCodec(CONFIG, out -> System.arraycopy(id, 0, out, 0, out.length)).encrypt(plain);
        }
    }

    /** The genuine items, in the order the first input byte picks them. */
    public static final List<Base> BASES;

    static {
        List<Base> bases = new ArrayList<>();
        bases.add(new Base("every-type", Items.everyType(), twinId(0x40, "card", "u_twin")));

        Map<String, AttributeValue> small = new LinkedHashMap<>();
        small.put("pk", AttributeValue.fromS("k1"));
        small.put("sk", AttributeValue.fromN("1"));
        small.put("secret", AttributeValue.fromS("s"));
        bases.add(new Base("small", small, twinId(0x60, "sk", "u_twin")));

        Map<String, AttributeValue> signOnly = new LinkedHashMap<>();
        signOnly.put("pk", Items.b(1, 2, 3));
        signOnly.put("sk", AttributeValue.fromN("-1.5"));
        signOnly.put("status", AttributeValue.fromS("OPEN"));
        signOnly.put("note", AttributeValue.fromS("n"));
        bases.add(new Base("sign-only", signOnly, twinId(0x80, "status", "twin_signed")));

        Map<String, AttributeValue> nested = new LinkedHashMap<>();
        nested.put("pk", AttributeValue.fromS("\uD83D\uDE00"));
        nested.put("sk", AttributeValue.fromN("1E+125"));
        nested.put("\uD83D\uDE00emoji", AttributeValue.fromS("non-BMP \uD834\uDD1E"));
        nested.put("deep", Items.nestedLists(30, AttributeValue.fromM(Map.of("k", AttributeValue.fromS("leaf")))));
        nested.put("big", AttributeValue.fromB(SdkBytes.fromByteArray(TestKeys.counting(3000, 7))));
        nested.put("status", AttributeValue.fromNs(List.of("1", "2.5", "-3")));
        nested.put("tags", AttributeValue.fromSs(List.of("a", "b", "\u00fcn\u00ef")));
        nested.put("u_free", AttributeValue.fromS("unsigned"));
        bases.add(new Base("nested-large", nested, TestKeys.counting(32, 0xA0)));

        Map<String, AttributeValue> many = new LinkedHashMap<>();
        many.put("pk", AttributeValue.fromS("many"));
        many.put("sk", AttributeValue.fromN("0"));
        many.put("status", AttributeValue.fromSs(List.of("x", "y")));
        for (int i = 0; i < 40; i++) {
            String name = String.format("a%02d", i);
            switch (i % 4) {
                case 0:
                    many.put(name, AttributeValue.fromS("v" + i));
                    break;
                case 1:
                    many.put(name, AttributeValue.fromN(Integer.toString(i * 37)));
                    break;
                case 2:
                    many.put(name, Items.b(i, i + 1));
                    break;
                default:
                    many.put(name, AttributeValue.fromBool(i % 8 == 3));
                    break;
            }
        }
        bases.add(new Base("many", many, TestKeys.counting(32, 0xC0)));
        BASES = List.copyOf(bases);

        Set<String> names = new HashSet<>();
        for (Base b : BASES) {
            names.addAll(b.stored.keySet());
        }
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        sorted.addAll(List.of("u_extra", "u_twin", "twin_signed", "", "PK", "pk ", "Pk", "sk\u0000", "\uD83D\uDE00",
                "\uD83D", "u_"));
        sorted.add(null);
        NAMES = Collections.unmodifiableList(sorted);

        for (Base b : BASES) {
            if (!same(ENCRYPTOR.decrypt(b.stored), b.plain)) {
                throw new AssertionError(b.name + ": the genuine item does not decrypt to its plaintext");
            }
        }
        assertTwins(BASES.get(0), "card", "u_twin");
        assertTwins(BASES.get(1), "sk", "u_twin");
        assertTwins(BASES.get(2), "status", "twin_signed");
    }

    @FuzzTest
    void mutatedItem(byte[] data) {
        In in = new In(data);
        Base base = BASES.get(in.u8() % BASES.size());
        Map<String, AttributeValue> item = mutate(base, in);
        check(base, item);
    }

    // ---------------------------------------------------------------------------------------------
    // Findings, reduced to plain tests (the fuzzer's input is kept as crash-* in the corpus)
    // ---------------------------------------------------------------------------------------------

    /**
     * Found by {@link #mutatedItem} (corpus file {@code crash-null-attribute-name-as-found}): a map
     * holding a null attribute name made decrypt throw {@link NullPointerException} from the name
     * cache instead of a {@link CofferException}. Encrypt refuses such an item with
     * {@code InvalidItemException}.
     */
    @Test
    void decrypt_itemWithNullAttributeName_throwsCofferException() {
        Map<String, AttributeValue> item = new HashMap<>(BASES.get(1).stored);
        item.put(null, AttributeValue.fromS("x"));

        assertThatThrownBy(() -> ENCRYPTOR.decrypt(item)).isInstanceOf(CofferException.class);
    }

    /** The genuine item {@code base} with the edits {@code in} holds applied. */
    static Map<String, AttributeValue> mutate(Base base, In in) {
        Map<String, AttributeValue> item = new HashMap<>(base.stored);
        for (int ops = 0; ops < MAX_OPS && in.remaining() > 0; ops++) {
            apply(in, item);
        }
        return item;
    }

    // ---------------------------------------------------------------------------------------------
    // The invariant
    // ---------------------------------------------------------------------------------------------

    static void check(Base base, Map<String, AttributeValue> item) {
        boolean unchanged = same(item, base.stored);
        Map<String, AttributeValue> out;
        try {
            out = ENCRYPTOR.decrypt(item);
        } catch (CofferException refused) {
            if (unchanged) {
                throw new AssertionError(base.name + ": refused an item DynamoDB considers unchanged: " + refused, refused);
            }
            return;
        }
        String returned = base.name + ": decrypt returned plaintext although ";
        for (String reserved : new String[] {HEAD, SIG}) {
            if (!same(item.get(reserved), base.stored.get(reserved))) {
                throw new AssertionError(returned + reserved + " was modified");
            }
            if (out.containsKey(reserved)) {
                throw new AssertionError(base.name + ": decrypt returned the reserved attribute " + reserved);
            }
        }
        Set<String> names = new HashSet<>(item.keySet());
        names.addAll(base.stored.keySet());
        names.remove(HEAD);
        names.remove(SIG);
        for (String n : names) {
            if (n == null) {
                throw new AssertionError(returned + "the item has an attribute with a null name");
            }
            if (CONFIG.acceptsUnsigned(n)) {
                if (out.containsKey(n) != item.containsKey(n) || !Objects.equals(out.get(n), item.get(n))) {
                    throw new AssertionError(base.name + ": unsigned attribute '" + n + "' did not come back as stored");
                }
            } else {
                if (!same(item.get(n), base.stored.get(n))) {
                    throw new AssertionError(returned + "signed attribute '" + n + "' was modified: "
                            + base.stored.get(n) + " -> " + item.get(n));
                }
                if (!same(out.get(n), base.plain.get(n))) {
                    throw new AssertionError(base.name + ": attribute '" + n + "' decrypted to " + out.get(n)
                            + ", not its plaintext");
                }
            }
        }
        if (!names.containsAll(out.keySet())) {
            throw new AssertionError(base.name + ": decrypt returned attributes the item does not have: " + out.keySet());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // DynamoDB's equality: numbers by value, sets without order
    // ---------------------------------------------------------------------------------------------

    static boolean same(Map<String, AttributeValue> a, Map<String, AttributeValue> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, AttributeValue> e : a.entrySet()) {
            if (!same(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    static boolean same(AttributeValue a, AttributeValue b) {
        if (a == null || b == null) {
            return a == b;
        }
        AttributeValue.Type t = a.type();
        if (t == null || t != b.type()) {
            return false;
        }
        switch (t) {
            case S:
                return a.s().equals(b.s());
            case N:
                return number(a.n()).equals(number(b.n()));
            case B:
                return a.b().equals(b.b());
            case BOOL:
                return Objects.equals(a.bool(), b.bool());
            case NUL:
                return Objects.equals(a.nul(), b.nul());
            case SS:
                return sameSet(a.ss(), b.ss(), x -> x);
            case NS:
                return sameSet(a.ns(), b.ns(), ItemDecryptFuzzTest::number);
            case BS:
                return sameSet(a.bs(), b.bs(), SdkBytes::asByteBuffer);
            case L:
                if (a.l().size() != b.l().size()) {
                    return false;
                }
                for (int i = 0; i < a.l().size(); i++) {
                    if (!same(a.l().get(i), b.l().get(i))) {
                        return false;
                    }
                }
                return true;
            case M:
                return same(a.m(), b.m());
            default:
                return false;
        }
    }

    private static <T> boolean sameSet(List<T> a, List<T> b, Function<T, ?> key) {
        if (a.size() != b.size()) {
            return false;
        }
        Set<Object> ka = new HashSet<>();
        Set<Object> kb = new HashSet<>();
        for (T x : a) {
            ka.add(x == null ? null : key.apply(x));
        }
        for (T x : b) {
            kb.add(x == null ? null : key.apply(x));
        }
        return ka.size() == a.size() && ka.equals(kb);
    }

    /** A number's value as a comparable key; a string that is not a number in DynamoDB's grammar stands for itself. */
    private static Object number(String n) {
        if (n == null || n.length() > 100 || !NUMBER.matcher(n).matches()) {
            return "raw:" + n;
        }
        try {
            BigDecimal d = new BigDecimal(n);
            return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return "raw:" + n;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Mutations
    // ---------------------------------------------------------------------------------------------

    /** Reads the input front to back; past its end every read is zero or empty. */
    static final class In {
        private final byte[] b;
        private int pos;

        In(byte[] b) {
            this.b = b;
        }

        int remaining() {
            return b.length - pos;
        }

        int u8() {
            return pos < b.length ? b[pos++] & 0xFF : 0;
        }

        int u16() {
            return (u8() << 8) | u8();
        }

        byte[] bytes(int n) {
            int k = Math.min(n, remaining());
            byte[] out = Arrays.copyOfRange(b, pos, pos + k);
            pos += k;
            return out;
        }
    }

    private static List<String> sortedNames(Map<String, AttributeValue> item) {
        List<String> names = new ArrayList<>(item.keySet());
        names.sort(Comparator.nullsFirst(Comparator.naturalOrder()));
        return names;
    }

    private static String pick(In in, Map<String, AttributeValue> item) {
        List<String> names = sortedNames(item);
        int i = in.u8();
        return names.isEmpty() ? null : names.get(i % names.size());
    }

    private static byte[] binary(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.b() == null ? null : v.b().asByteArray();
    }

    private static void putBinary(Map<String, AttributeValue> item, String name, byte[] b) {
        item.put(name, AttributeValue.fromB(SdkBytes.fromByteArray(b)));
    }

    private static String name(In in) {
        int i = in.u8();
        if (i < NAMES.size()) {
            return NAMES.get(i);
        }
        return new String(in.bytes(in.u8() % 24), StandardCharsets.UTF_8);
    }

    private static String text(In in) {
        return new String(in.bytes(in.u8() % 16), StandardCharsets.UTF_8);
    }

    private static String numberText(In in) {
        int i = in.u8();
        return i < NUMBERS.size() ? NUMBERS.get(i) : new String(in.bytes(in.u8() % 16), StandardCharsets.ISO_8859_1);
    }

    static AttributeValue value(In in, int depth) {
        int kind = in.u8() % 14;
        switch (kind) {
            case 0:
                return AttributeValue.fromS(text(in));
            case 1:
                return AttributeValue.fromN(numberText(in));
            case 2:
                return AttributeValue.fromB(SdkBytes.fromByteArray(in.bytes(in.u8() % 24)));
            case 3:
                return AttributeValue.fromBool(true);
            case 4:
                return AttributeValue.fromBool(false);
            case 5:
                return AttributeValue.fromNul(true);
            case 6:
                return AttributeValue.fromNul(false);
            case 7: {
                List<String> ss = new ArrayList<>();
                for (int k = in.u8() % 3; k >= 0; k--) {
                    ss.add(text(in));
                }
                return AttributeValue.fromSs(ss);
            }
            case 8: {
                List<String> ns = new ArrayList<>();
                for (int k = in.u8() % 3; k >= 0; k--) {
                    ns.add(numberText(in));
                }
                return AttributeValue.fromNs(ns);
            }
            case 9: {
                List<SdkBytes> bs = new ArrayList<>();
                for (int k = in.u8() % 3; k >= 0; k--) {
                    bs.add(SdkBytes.fromByteArray(in.bytes(in.u8() % 8)));
                }
                return AttributeValue.fromBs(bs);
            }
            case 10: {
                List<AttributeValue> l = new ArrayList<>();
                for (int k = in.u8() % 3; k > 0 && depth < 3; k--) {
                    l.add(value(in, depth + 1));
                }
                return AttributeValue.fromL(l);
            }
            case 11: {
                Map<String, AttributeValue> m = new HashMap<>();
                for (int k = in.u8() % 3; k > 0 && depth < 3; k--) {
                    m.put(text(in), value(in, depth + 1));
                }
                return AttributeValue.fromM(m);
            }
            case 12:
                return null;
            default:
                // A value with no type set, as an SDK older or newer than the writer might hold.
                return AttributeValue.builder().build();
        }
    }

    private static void apply(In in, Map<String, AttributeValue> item) {
        int op = in.u8() % OPS;
        switch (op) {
            case FLIP: {
                String n = pick(in, item);
                int pos = in.u16();
                int bit = in.u8() & 7;
                byte[] b = binary(item, n);
                if (b != null && b.length > 0) {
                    b[pos % b.length] ^= (byte) (1 << bit);
                    putBinary(item, n, b);
                }
                break;
            }
            case SET: {
                String n = pick(in, item);
                int pos = in.u16();
                int v = in.u8();
                byte[] b = binary(item, n);
                if (b != null && b.length > 0) {
                    b[pos % b.length] = (byte) v;
                    putBinary(item, n, b);
                }
                break;
            }
            case INSERT: {
                String n = pick(in, item);
                int pos = in.u16();
                byte[] add = in.bytes(in.u8() % 16 + 1);
                byte[] b = binary(item, n);
                if (b != null) {
                    int at = pos % (b.length + 1);
                    byte[] c = new byte[b.length + add.length];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(add, 0, c, at, add.length);
                    System.arraycopy(b, at, c, at + add.length, b.length - at);
                    putBinary(item, n, c);
                }
                break;
            }
            case DELETE: {
                String n = pick(in, item);
                int pos = in.u16();
                int len = in.u8() % 64 + 1;
                byte[] b = binary(item, n);
                if (b != null && b.length > 0) {
                    int at = pos % b.length;
                    int k = Math.min(len, b.length - at);
                    byte[] c = new byte[b.length - k];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + k, c, at, b.length - at - k);
                    putBinary(item, n, c);
                }
                break;
            }
            case RESIZE: {
                String n = pick(in, item);
                int len = in.u16();
                byte[] b = binary(item, n);
                if (b != null) {
                    putBinary(item, n, Arrays.copyOf(b, len % (b.length + 33)));
                }
                break;
            }
            case REMOVE:
                item.remove(pick(in, item));
                break;
            case RENAME: {
                String n = pick(in, item);
                String to = name(in);
                if (item.containsKey(n)) {
                    AttributeValue v = item.remove(n);
                    item.put(to, v);
                }
                break;
            }
            case ADD: {
                String n = name(in);
                item.put(n, value(in, 0));
                break;
            }
            case REPLACE: {
                String n = pick(in, item);
                AttributeValue v = value(in, 0);
                if (item.containsKey(n)) {
                    item.put(n, v);
                }
                break;
            }
            case SWAP: {
                String a = pick(in, item);
                String b = pick(in, item);
                if (item.containsKey(a) && item.containsKey(b)) {
                    AttributeValue va = item.get(a);
                    item.put(a, item.get(b));
                    item.put(b, va);
                }
                break;
            }
            case TRANSPLANT: {
                String to = pick(in, item);
                Base from = BASES.get(in.u8() % BASES.size());
                String n = pick(in, from.stored);
                boolean sameName = (in.u8() & 1) == 0;
                item.put(sameName || to == null ? n : to, from.stored.get(n));
                break;
            }
            case RESPELL: {
                String n = pick(in, item);
                int variant = in.u8();
                if (item.containsKey(n) && item.get(n) != null) {
                    item.put(n, respell(item.get(n), variant));
                }
                break;
            }
            case RAW: {
                String n = pick(in, item);
                byte[] b = in.bytes(in.u8());
                if (item.containsKey(n)) {
                    putBinary(item, n, b);
                }
                break;
            }
            case SPLICE: {
                // The last bytes of one binary moved to the front of another: total length kept.
                String a = pick(in, item);
                String b = pick(in, item);
                int k = in.u8() % 32 + 1;
                byte[] ba = binary(item, a);
                byte[] bb = binary(item, b);
                if (ba != null && bb != null && !Objects.equals(a, b)) {
                    k = Math.min(k, ba.length);
                    byte[] c = new byte[bb.length + k];
                    System.arraycopy(ba, ba.length - k, c, 0, k);
                    System.arraycopy(bb, 0, c, k, bb.length);
                    putBinary(item, a, Arrays.copyOf(ba, ba.length - k));
                    putBinary(item, b, c);
                }
                break;
            }
            case TAG: {
                // The GCM tag (first 16 bytes of coffer_sig) of another genuine item.
                Base from = BASES.get(in.u8() % BASES.size());
                byte[] mine = binary(item, SIG);
                byte[] theirs = binary(from.stored, SIG);
                if (mine != null && theirs != null && mine.length >= 16 && theirs.length >= 16) {
                    System.arraycopy(theirs, 0, mine, 0, 16);
                    putBinary(item, SIG, mine);
                }
                break;
            }
            default:
                throw new AssertionError(op);
        }
    }

    /** {@code v} spelled another way DynamoDB considers equal, where there is one. */
    static AttributeValue respell(AttributeValue v, int variant) {
        switch (v.type()) {
            case N:
                return AttributeValue.fromN(respellNumber(v.n(), variant));
            case NS: {
                List<String> ns = new ArrayList<>(v.ns());
                Collections.reverse(ns);
                if (!ns.isEmpty()) {
                    ns.set(0, respellNumber(ns.get(0), variant));
                }
                return AttributeValue.fromNs(ns);
            }
            case SS: {
                List<String> ss = new ArrayList<>(v.ss());
                Collections.rotate(ss, 1 + variant);
                return AttributeValue.fromSs(ss);
            }
            case BS: {
                List<SdkBytes> bs = new ArrayList<>(v.bs());
                Collections.rotate(bs, 1 + variant);
                return AttributeValue.fromBs(bs);
            }
            default:
                return v;
        }
    }

    private static String respellNumber(String n, int variant) {
        if (n == null || n.length() > 60 || !NUMBER.matcher(n).matches()) {
            return n;
        }
        boolean plain = n.indexOf('e') < 0 && n.indexOf('E') < 0;
        BigDecimal d = new BigDecimal(n);
        String r;
        switch (variant % 5) {
            case 0:
                r = plain ? (n.indexOf('.') < 0 ? n + ".0" : n + "0") : n;
                break;
            case 1:
                r = plain ? n + "E0" : n;
                break;
            case 2:
                r = n.startsWith("-") ? "-0" + n.substring(1) : n.startsWith("+") ? "+0" + n.substring(1) : "0" + n;
                break;
            case 3:
                r = d.toEngineeringString();
                break;
            default:
                r = d.unscaledValue() + "E" + (-(long) d.scale());
                break;
        }
        // Only spellings the equality above reads as numbers, so a respelled value stays "unchanged".
        return r.length() <= 60 ? r : n;
    }

    // ---------------------------------------------------------------------------------------------
    // Genuine items with a planted fingerprint collision
    // ---------------------------------------------------------------------------------------------

    /**
     * An item id whose fingerprint key makes {@code signed} and {@code twin} share a fingerprint
     * (docs/FORMAT.md, "Legend"). With {@code d = h(signed) - h(twin) = 2^k * o}, {@code o} odd, the
     * key {@code a = o^-1 mod 2^64} gives {@code a*h(signed) = a*h(twin) + 2^k}, whose high 32 bits
     * agree unless the low ones carry (checked).
     */
    static byte[] twinId(int start, String signed, String twin) {
        long d = nameHash(signed) - nameHash(twin);
        int k = Long.numberOfTrailingZeros(d);
        long a = inverse(d >>> k);
        if (k > 24 || fingerprint(a, nameHash(signed)) != fingerprint(a, nameHash(twin))) {
            throw new AssertionError("cannot plant a fingerprint collision of '" + signed + "' and '" + twin
                    + "'; pick another twin name");
        }
        byte[] id = TestKeys.counting(32, start);
        for (int i = 0; i < 8; i++) {
            id[i] = (byte) (a >>> (56 - 8 * i));
        }
        return id;
    }

    private static long inverse(long d) {
        long x = d;
        for (int i = 0; i < 6; i++) {
            x *= 2 - d * x;
        }
        return x;
    }

    private static int fingerprint(long key, long hash) {
        return (int) ((key * hash) >>> 32);
    }

    private static long nameHash(String name) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (h[i] & 0xFF);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertTwins(Base base, String signed, String twin) {
        Header h = Header.decode(base.stored.get(HEAD).b().asByteArray());
        for (List<String> matches : h.match(List.of(signed, twin))) {
            if (matches.contains(signed)) {
                if (!matches.contains(twin)) {
                    throw new AssertionError(base.name + ": '" + twin + "' does not share the legend entry of '" + signed + "'");
                }
                return;
            }
        }
        throw new AssertionError(base.name + ": '" + signed + "' is not in the legend");
    }

    // ---------------------------------------------------------------------------------------------
    // Seed programs
    // ---------------------------------------------------------------------------------------------

    /**
     * Builds an input for {@link #mutatedItem}: the base item, then edits that name attributes of the
     * item as it stands after the edits before them.
     */
    public static final class Program {
        private final Base base;
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        public Program(int base) {
            this.base = BASES.get(base);
            out.write(base);
        }

        /** The byte that selects attribute {@code name} of the item as the program so far leaves it. */
        private int attr(String name) {
            In in = new In(out.toByteArray());
            in.u8();
            int i = sortedNames(mutate(base, in)).indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException(base.name + " has no attribute '" + name + "' here");
            }
            return i;
        }

        /** An edit of attribute {@code attr} (none if null), then its other argument bytes. */
        public Program op(int code, String attr, int... args) {
            int a = attr == null ? -1 : attr(attr);
            out.write(code);
            if (a >= 0) {
                out.write(a);
            }
            for (int b : args) {
                out.write(b);
            }
            return this;
        }

        /** An edit of two attributes ({@link #SWAP}, {@link #SPLICE}), then its other argument bytes. */
        public Program op2(int code, String first, String second, int... args) {
            int a = attr(first);
            int b = attr(second);
            out.write(code);
            out.write(a);
            out.write(b);
            for (int x : args) {
                out.write(x);
            }
            return this;
        }

        /** The byte that selects {@code name} from {@link #NAMES}. */
        public static int name(String name) {
            int i = NAMES.indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException("'" + name + "' is not in NAMES");
            }
            return i;
        }

        /** The byte that selects attribute {@code name} of genuine item {@code base} ({@link #TRANSPLANT}). */
        public static int nameOf(int base, String name) {
            int i = sortedNames(BASES.get(base).stored).indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException(BASES.get(base).name + " has no attribute '" + name + "'");
            }
            return i;
        }

        public byte[] bytes() {
            return out.toByteArray();
        }
    }
}
