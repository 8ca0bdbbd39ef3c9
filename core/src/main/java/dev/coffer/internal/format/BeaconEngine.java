package dev.coffer.internal.format;

import dev.coffer.ConfigurationException;
import dev.coffer.CryptoAction;
import dev.coffer.InvalidItemException;
import dev.coffer.MaterialsException;
import dev.coffer.TableConfig;
import dev.coffer.beacon.BeaconCondition;
import dev.coffer.beacon.BeaconConfig;
import dev.coffer.beacon.BeaconQuery;
import dev.coffer.beacon.BeaconTransform;
import dev.coffer.beacon.CompoundBeacon;
import dev.coffer.beacon.StandardBeacon;
import dev.coffer.internal.crypto.Primitives;
import dev.coffer.materials.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Computes the beacons of one table (docs/FORMAT.md, "Beacons"), outside the item codec: before an
 * item is encrypted its beacons are added to it as plaintext attributes, which the table's
 * configuration makes {@code SIGN_ONLY}, so the item signature covers them like any signed
 * attribute. Also turns plaintext queries into beacon conditions.
 *
 * <p>Keys: the table's beacon key (32 bytes, from its {@link dev.coffer.beacon.BeaconKeySource}) is
 * fetched on first use, each beacon's HMAC key derived from it, and only the derived keys kept. A
 * failed fetch is not remembered, so the next item tries again. Immutable once the keys are
 * derived (they are published through a volatile field) and thread-safe; per-thread keyed MACs.
 * Not API.
 */
public final class BeaconEngine {
    /** HKDF-Expand info label of a beacon's HMAC key. */
    static final byte[] LABEL_BEACON = Format.ascii("coffer/2/beacon");

    private final String table;
    private final byte[] logicalTableUtf8;
    private final BeaconConfig beacons;
    private final List<StandardBeacon> standard;
    private final List<CompoundBeacon> compound;
    /** For each compound beacon's part: the index of its standard beacon, or -1 for a signed part. */
    private final int[][] partBeacon;
    private volatile SecretKeySpec[] keys;
    private final ThreadLocal<Mac[]> macs;

    private BeaconEngine(TableConfig config, BeaconConfig beacons) {
        this.table = config.tableName();
        this.logicalTableUtf8 = config.logicalTableName().getBytes(StandardCharsets.UTF_8);
        this.beacons = beacons;
        this.standard = beacons.standardBeacons();
        this.compound = beacons.compoundBeacons();
        this.partBeacon = new int[compound.size()][];
        for (int c = 0; c < compound.size(); c++) {
            List<CompoundBeacon.Part> parts = compound.get(c).parts();
            partBeacon[c] = new int[parts.size()];
            for (int i = 0; i < parts.size(); i++) {
                partBeacon[c][i] = parts.get(i).encrypted() ? indexOf(parts.get(i).source()) : -1;
            }
        }
        this.macs = ThreadLocal.withInitial(() -> new Mac[standard.size()]);
    }

    /** The engine for {@code config}, or null if it has no beacons. */
    public static BeaconEngine of(TableConfig config) {
        BeaconConfig b = config.beacons().orElse(null);
        if (b == null || (b.standardBeacons().isEmpty() && b.compoundBeacons().isEmpty())) {
            return null;
        }
        return new BeaconEngine(config, b);
    }

    /**
     * Checks the beacons against the table's actions: a standard beacon needs an
     * {@code ENCRYPT_AND_SIGN} attribute (a beacon of a plaintext attribute would only hide what is
     * already visible, and one of an unsigned attribute could be forged), a signed part a
     * {@code SIGN_ONLY} attribute (a key attribute qualifies).
     */
    public static void validate(TableConfig config) {
        BeaconConfig b = config.beacons().orElse(null);
        if (b == null) {
            return;
        }
        String t = "table '" + config.tableName() + "': ";
        for (StandardBeacon s : b.standardBeacons()) {
            CryptoAction a = config.actionFor(s.attribute());
            if (s.attribute().startsWith(StandardBeacon.ATTRIBUTE_PREFIX)) {
                throw new ConfigurationException(t + "beacon '" + s.name() + "' is computed from '" + s.attribute()
                        + "', a beacon attribute; beacons are computed from encrypted attributes");
            }
            if (a != CryptoAction.ENCRYPT_AND_SIGN) {
                throw new ConfigurationException(t + "beacon '" + s.name() + "' is on attribute '" + s.attribute()
                        + "', which is " + a + (isKey(config, s.attribute()) ? " (a key attribute)" : "")
                        + "; beacons are for ENCRYPT_AND_SIGN attributes (a plaintext attribute can be indexed as it is). "
                        + "Encrypt the attribute or remove the beacon");
            }
        }
        for (CompoundBeacon c : b.compoundBeacons()) {
            for (CompoundBeacon.Part p : c.parts()) {
                if (!p.encrypted() && config.actionFor(p.source()) != CryptoAction.SIGN_ONLY) {
                    throw new ConfigurationException(t + "compound beacon '" + c.name() + "': signed part '" + p.prefix()
                            + "' uses attribute '" + p.source() + "', which is " + config.actionFor(p.source())
                            + "; a signed part needs a SIGN_ONLY attribute (an encrypted attribute goes in through a "
                            + "standard beacon: addEncryptedPart)");
                }
            }
        }
    }

    private static boolean isKey(TableConfig config, String name) {
        return name.equals(config.partitionKeyName()) || name.equals(config.sortKeyName().orElse(null));
    }

    private int indexOf(String beaconName) {
        for (int i = 0; i < standard.size(); i++) {
            if (standard.get(i).name().equals(beaconName)) {
                return i;
            }
        }
        throw new IllegalStateException("unconfigured beacon " + beaconName);
    }

    // ---------------------------------------------------------------------------------------------
    // Writing
    // ---------------------------------------------------------------------------------------------

    /** Refuses an item to be encrypted that already holds a beacon attribute (reserved names). */
    public static void checkNoBeacons(String table, Map<String, AttributeValue> item) {
        if (item == null) {
            return;
        }
        for (String name : item.keySet()) {
            if (name != null && name.startsWith(StandardBeacon.ATTRIBUTE_PREFIX)) {
                throw new InvalidItemException("table " + Names.quote(table) + ": attribute " + Names.quote(name)
                        + ": names starting with '" + StandardBeacon.ATTRIBUTE_PREFIX + "' are reserved for beacons, "
                        + "which Coffer computes; rename the attribute (to re-encrypt an item, decrypt it first)");
            }
        }
    }

    /** {@code item} with its beacons added (a read-only view over it, not a copy), ready for the codec. */
    public Map<String, AttributeValue> addBeacons(Map<String, AttributeValue> item) {
        checkNoBeacons(table, item);
        if (item == null) {
            return null;
        }
        WithBeacons out = new WithBeacons(item, standard.size() + compound.size());
        String[] values = compound.isEmpty() ? null : new String[standard.size()];
        SecretKeySpec[] k = keys();
        Mac[] perThread = macs.get();
        for (int i = 0; i < standard.size(); i++) {
            StandardBeacon s = standard.get(i);
            AttributeValue v = item.get(s.attribute());
            if (v == null) {
                continue;
            }
            String value = hex(beaconOf(perThread, i, k, s, v), s.hexDigits());
            if (values != null) {
                values[i] = value;
            }
            out.put(s.storedAttribute(), AttributeValue.fromS(value));
        }
        if (compound.isEmpty()) {
            return out;
        }
        StringBuilder sb = new StringBuilder(64);
        compounds:
        for (int c = 0; c < compound.size(); c++) {
            CompoundBeacon cb = compound.get(c);
            sb.setLength(0);
            List<CompoundBeacon.Part> parts = cb.parts();
            for (int i = 0; i < parts.size(); i++) {
                CompoundBeacon.Part p = parts.get(i);
                String value;
                if (p.encrypted()) {
                    value = values[partBeacon[c][i]];
                } else {
                    AttributeValue v = item.get(p.source());
                    value = v == null ? null : signedPart(cb, p, v, true);
                }
                if (value == null) {
                    continue compounds; // an item gets a compound beacon only if it has every part
                }
                if (i > 0) {
                    sb.append(cb.split());
                }
                sb.append(p.prefix()).append(value);
            }
            out.put(cb.storedAttribute(), AttributeValue.fromS(sb.toString()));
        }
        return out;
    }

    /** A signed part's text: a string as it is, a number in DynamoDB's normalized form. */
    private String signedPart(CompoundBeacon cb, CompoundBeacon.Part p, AttributeValue v, boolean writing) {
        String s;
        if (v.type() == AttributeValue.Type.S) {
            s = v.s();
        } else if (v.type() == AttributeValue.Type.N) {
            try {
                s = Numbers.canonical(v.n());
            } catch (InvalidValue bad) {
                throw invalid(p.source(), "number " + bad.getMessage(), writing);
            }
        } else {
            throw invalid(p.source(), "is a signed part of compound beacon '" + cb.name() + "' and must hold a string or "
                    + "a number, not " + v.type(), writing);
        }
        if (s.indexOf(cb.split()) >= 0) {
            throw invalid(p.source(), "value contains the split character '" + cb.split() + "' of compound beacon '"
                    + cb.name() + "', so the beacon's parts could not be told apart; choose another split character", writing);
        }
        return s;
    }

    private RuntimeException invalid(String attribute, String reason, boolean writing) {
        String m = "table " + Names.quote(table) + ": attribute " + Names.quote(attribute) + ": " + reason;
        return writing ? new InvalidItemException(m) : new ConfigurationException(m);
    }

    /** The canonical encoding of {@code v} after the beacon's transform: the HMAC input. */
    private byte[] canonical(StandardBeacon s, AttributeValue v, boolean writing) {
        AttributeValue t = transformed(s, v, writing);
        ByteBuf b = new ByteBuf(64);
        try {
            ValueCodec.encode(t, b);
        } catch (InvalidValue bad) {
            throw invalid(s.attribute(), bad.getMessage(), writing);
        }
        return b.toByteArray();
    }

    private AttributeValue transformed(StandardBeacon s, AttributeValue v, boolean writing) {
        if (s.transform() == BeaconTransform.NONE) {
            return v;
        }
        if (v.type() != AttributeValue.Type.S) {
            throw invalid(s.attribute(), "beacon '" + s.name() + "' has transform " + s.transform() + ", which applies "
                    + "to strings only, but the value is " + v.type(), writing);
        }
        return AttributeValue.fromS(s.transform().apply(v.s()));
    }

    /**
     * The beacon of a value being written. A string's canonical encoding is its type tag and its
     * UTF-8, fed to the MAC as they are (no buffer, no transformed {@code AttributeValue}); other
     * types are encoded first. Same bytes as {@link #canonical}.
     */
    private long beaconOf(Mac[] perThread, int i, SecretKeySpec[] k, StandardBeacon s, AttributeValue v) {
        Mac mac = mac(perThread, i, k);
        if (v.type() == AttributeValue.Type.S) {
            byte[] utf8;
            try {
                utf8 = ValueCodec.utf8(s.transform().apply(v.s()));
            } catch (InvalidValue bad) {
                throw invalid(s.attribute(), bad.getMessage(), true);
            }
            mac.update((byte) ValueCodec.T_S);
            mac.update(utf8);
            return truncate(mac.doFinal(), s.bits());
        }
        return truncate(mac.doFinal(canonical(s, v, true)), s.bits());
    }

    /** The beacon value: the first 64 bits of the HMAC, big-endian, shifted down to {@code bits}. */
    private long compute(int i, SecretKeySpec[] k, byte[] input) {
        return truncate(mac(macs.get(), i, k).doFinal(input), standard.get(i).bits());
    }

    /** This thread's MAC keyed for beacon {@code i}, reset. */
    private Mac mac(Mac[] perThread, int i, SecretKeySpec[] k) {
        Mac mac = perThread[i];
        if (mac == null) {
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(k[i]);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA-256 failed", e);
            }
            perThread[i] = mac;
        } else {
            mac.reset(); // drop whatever an item that failed half-way fed it
        }
        return mac;
    }

    static long truncate(byte[] hmac, int bits) {
        long v = 0;
        for (int j = 0; j < 8; j++) {
            v = (v << 8) | (hmac[j] & 0xFF);
        }
        return v >>> (64 - bits);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static String hex(long v, int digits) {
        char[] c = new char[digits];
        for (int j = digits - 1; j >= 0; j--) {
            c[j] = HEX[(int) (v & 0xF)];
            v >>>= 4;
        }
        return new String(c);
    }

    /** The derived HMAC keys, fetching the beacon key on first use. */
    private SecretKeySpec[] keys() {
        SecretKeySpec[] k = keys;
        if (k != null) {
            return k;
        }
        SecretBytes key;
        try {
            key = beacons.keySource().beaconKey();
        } catch (dev.coffer.CofferException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MaterialsException("table " + Names.quote(table) + ": the beacon key source failed: "
                    + e.getClass().getSimpleName(), e);
        }
        if (key == null || key.length() != Format.KEY_BYTES) {
            throw new MaterialsException("table " + Names.quote(table) + ": the beacon key source returned "
                    + (key == null ? "no key" : "a key of " + key.length() + " bytes") + ", not 32 bytes");
        }
        byte[] raw = key.toByteArray();
        try {
            k = new SecretKeySpec[standard.size()];
            for (int i = 0; i < k.length; i++) {
                byte[] derived = deriveKey(raw, logicalTableUtf8, standard.get(i).name());
                k[i] = new SecretKeySpec(derived, "HmacSHA256");
                Primitives.wipe(derived);
            }
        } finally {
            Primitives.wipe(raw);
            key.destroy();
        }
        keys = k;
        return k;
    }

    /**
     * A beacon's HMAC key: HKDF-Expand(PRK = beacon key, info, 32), one block, with
     * {@code info = lpv("coffer/2/beacon") || lpv(utf8(logical table)) || lpv(utf8(beacon name))}.
     */
    static byte[] deriveKey(byte[] beaconKey, byte[] logicalTableUtf8, String beaconName) {
        ByteBuf info = new ByteBuf(64);
        info.lpv(LABEL_BEACON);
        info.lpv(logicalTableUtf8);
        info.lpv(beaconName.getBytes(StandardCharsets.UTF_8));
        info.u8(1);
        return Primitives.get().hmac(beaconKey, info.array(), 0, info.size());
    }

    // ---------------------------------------------------------------------------------------------
    // Reading and searching
    // ---------------------------------------------------------------------------------------------

    /** {@code plain} without beacon attributes (Coffer's, verified with the item, not the application's). */
    public static Map<String, AttributeValue> strip(Map<String, AttributeValue> plain) {
        boolean any = false;
        for (String name : plain.keySet()) {
            if (name.startsWith(StandardBeacon.ATTRIBUTE_PREFIX)) {
                any = true;
                break;
            }
        }
        if (!any) {
            return plain;
        }
        Map<String, AttributeValue> out = new HashMap<>(plain);
        out.keySet().removeIf(n -> n.startsWith(StandardBeacon.ATTRIBUTE_PREFIX));
        return Collections.unmodifiableMap(out);
    }

    /** The condition on the stored beacon that finds the items {@code q} asks for (plus false positives). */
    public BeaconCondition condition(BeaconQuery q) {
        String t = "table '" + table + "': ";
        if (!q.isCompound()) {
            int i = standardIndex(q.beacon());
            if (i < 0) {
                throw new ConfigurationException(t + "no standard beacon named '" + q.beacon() + "'"
                        + (beacons.compoundBeacon(q.beacon()).isPresent() ? "; it is a compound beacon: use "
                        + "BeaconQuery.compound(...)" : "; configured: " + names()));
            }
            StandardBeacon s = standard.get(i);
            byte[] expected = canonical(s, q.values().get(0), false);
            String value = hex(compute(i, keys(), expected), s.hexDigits());
            return new Condition(s.storedAttribute(), value, false, List.of(new Check(s.attribute(), s, expected, null,
                    false)));
        }
        int c = -1;
        for (int j = 0; j < compound.size(); j++) {
            if (compound.get(j).name().equals(q.beacon())) {
                c = j;
            }
        }
        if (c < 0) {
            throw new ConfigurationException(t + "no compound beacon named '" + q.beacon() + "'; configured: " + names());
        }
        CompoundBeacon cb = compound.get(c);
        List<CompoundBeacon.Part> parts = cb.parts();
        List<AttributeValue> values = q.values();
        if (values.size() > parts.size()) {
            throw new ConfigurationException(t + "compound beacon '" + cb.name() + "' has " + parts.size() + " parts; the "
                    + "query gives " + values.size() + " values");
        }
        StringBuilder sb = new StringBuilder();
        List<Check> checks = new java.util.ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            CompoundBeacon.Part p = parts.get(i);
            boolean last = i == values.size() - 1;
            if (i > 0) {
                sb.append(cb.split());
            }
            sb.append(p.prefix());
            if (p.encrypted()) {
                if (last && q.lastIsPrefix()) {
                    throw new ConfigurationException(t + "compound beacon '" + cb.name() + "': part " + i + " ('" + p.prefix()
                            + "') is encrypted and cannot be matched by a prefix; give its whole value with part(...)");
                }
                int s = partBeacon[c][i];
                StandardBeacon sbn = standard.get(s);
                byte[] expected = canonical(sbn, values.get(i), false);
                sb.append(hex(compute(s, keys(), expected), sbn.hexDigits()));
                checks.add(new Check(sbn.attribute(), sbn, expected, null, false));
            } else {
                String text = signedPart(cb, p, values.get(i), false);
                sb.append(text);
                checks.add(new Check(p.source(), null, null, text, last && q.lastIsPrefix()));
            }
        }
        boolean whole = values.size() == parts.size() && !q.lastIsPrefix();
        if (!whole && !q.lastIsPrefix()) {
            sb.append(cb.split()); // so "C-ab" does not also find "C-abc..." through a longer signed part
        }
        return new Condition(cb.storedAttribute(), sb.toString(), !whole, checks);
    }

    private int standardIndex(String name) {
        for (int i = 0; i < standard.size(); i++) {
            if (standard.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private String names() {
        List<String> n = new java.util.ArrayList<>();
        standard.forEach(s -> n.add(s.name()));
        compound.forEach(s -> n.add(s.name()));
        return n.toString();
    }

    /** One plaintext comparison of a condition: an encrypted part's canonical value, or a signed part's text. */
    private record Check(String attribute, StandardBeacon beacon, byte[] canonical, String text, boolean prefix) {
    }

    private final class Condition implements BeaconCondition {
        private final String attribute;
        private final String value;
        private final boolean beginsWith;
        private final List<Check> checks;

        Condition(String attribute, String value, boolean beginsWith, List<Check> checks) {
            this.attribute = attribute;
            this.value = value;
            this.beginsWith = beginsWith;
            this.checks = List.copyOf(checks);
        }

        @Override
        public String attributeName() {
            return attribute;
        }

        @Override
        public String value() {
            return value;
        }

        @Override
        public boolean beginsWith() {
            return beginsWith;
        }

        @Override
        public boolean matches(Map<String, AttributeValue> item) {
            for (Check c : checks) {
                AttributeValue v = item.get(c.attribute());
                if (v == null) {
                    return false;
                }
                if (c.beacon() != null) {
                    byte[] actual;
                    try {
                        actual = canonical(c.beacon(), v, false);
                    } catch (RuntimeException notComparable) {
                        return false; // e.g. a number where the transform expects a string: not the value searched for
                    }
                    if (!MessageDigest.isEqual(actual, c.canonical())) {
                        return false;
                    }
                } else {
                    String s = v.type() == AttributeValue.Type.S ? v.s()
                            : v.type() == AttributeValue.Type.N ? canonicalNumber(v.n()) : null;
                    if (s == null || !(c.prefix() ? s.startsWith(c.text()) : s.equals(c.text()))) {
                        return false;
                    }
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return "BeaconCondition{" + attribute + (beginsWith ? " begins_with" : " =") + " (" + value.length()
                    + " characters)}";
        }
    }

    private static String canonicalNumber(String n) {
        try {
            return Numbers.canonical(n);
        } catch (InvalidValue bad) {
            return null;
        }
    }

    /**
     * An item plus its beacons, as a read-only map, so the codec sees one item without the item being
     * copied: lookups try the few beacons, then the item. The item holds no beacon name (checked).
     */
    static final class WithBeacons extends java.util.AbstractMap<String, AttributeValue> {
        private final Map<String, AttributeValue> item;
        private final String[] names;
        private final AttributeValue[] values;
        private int count;

        WithBeacons(Map<String, AttributeValue> item, int capacity) {
            this.item = item;
            this.names = new String[capacity];
            this.values = new AttributeValue[capacity];
        }

        @Override
        public AttributeValue put(String name, AttributeValue value) {
            names[count] = name;
            values[count++] = value;
            return null;
        }

        @Override
        public AttributeValue get(Object name) {
            for (int i = 0; i < count; i++) {
                if (names[i].equals(name)) {
                    return values[i];
                }
            }
            return item.get(name);
        }

        @Override
        public boolean containsKey(Object name) {
            return get(name) != null || item.containsKey(name);
        }

        @Override
        public int size() {
            return item.size() + count;
        }

        @Override
        public java.util.Set<Entry<String, AttributeValue>> entrySet() {
            return new java.util.AbstractSet<>() {
                @Override
                public java.util.Iterator<Entry<String, AttributeValue>> iterator() {
                    java.util.Iterator<Entry<String, AttributeValue>> base = item.entrySet().iterator();
                    return new java.util.Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return base.hasNext() || next < count;
                        }

                        @Override
                        public Entry<String, AttributeValue> next() {
                            if (base.hasNext()) {
                                return base.next();
                            }
                            if (next >= count) {
                                throw new java.util.NoSuchElementException();
                            }
                            int i = next++;
                            return new java.util.AbstractMap.SimpleImmutableEntry<>(names[i], values[i]);
                        }
                    };
                }

                @Override
                public int size() {
                    return WithBeacons.this.size();
                }
            };
        }
    }
}
