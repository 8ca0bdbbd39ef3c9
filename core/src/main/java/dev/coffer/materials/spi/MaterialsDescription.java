package dev.coffer.materials.spi;

import dev.coffer.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What a materials provider stores in an item's header so it can find the item's keys again: its
 * provider id, a key id (a wrapping-key id, a KMS key ARN, a material name and version), the
 * wrapped data key if any, and a few named string parameters.
 *
 * <p>The description is written into the header in the clear and covered by the item signature. It
 * must never contain secret bytes in the clear: the wrapped key is only ever ciphertext.
 *
 * <p>A description holds one key entry (key id and wrapped data key) or several: a provider that
 * protects the data key under more than one key (one per KMS key or Region) adds the others with
 * {@link Builder#addKey}. {@link #keyId()} and {@link #wrappedKey()} are the first entry.
 *
 * <pre>{@code
 * MaterialsDescription d = MaterialsDescription.builder()
 *         .providerId("wrapped")
 *         .keyId("wk-2026-01")
 *         .wrappedKey(wrapped)
 *         .parameter("alg", "AES-KWP")
 *         .build();
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public final class MaterialsDescription {
    /** The grammar of provider ids, as {@link #isProviderId} checks it (for messages). */
    static final Pattern PROVIDER_ID = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");
    /** The grammar of parameter names, as {@link #isParameterName} checks it (for messages). */
    static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int MAX_FIELD_BYTES = 0xFFFF;
    /** Key ids and parameter values are names, not data: bounded, and never control characters. */
    private static final int MAX_TEXT_BYTES = 2048;

    private final String providerId;
    private final String keyId;
    private final byte[] wrappedKey;
    private final String[] moreKeyIds;
    private final byte[][] moreWrappedKeys;
    private final SortedMap<String, String> parameters;

    private MaterialsDescription(Builder b) {
        this.providerId = b.providerId;
        this.keyId = b.keyId;
        this.wrappedKey = b.wrappedKey;
        this.moreKeyIds = b.moreKeyIds.toArray(new String[0]);
        this.moreWrappedKeys = b.moreWrappedKeys.toArray(new byte[0][]);
        this.parameters = Collections.unmodifiableSortedMap(new TreeMap<>(b.parameters));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().providerId(providerId).keyId(keyId).wrappedKey(wrappedKey);
        for (int i = 0; i < moreKeyIds.length; i++) {
            b.addKey(moreKeyIds[i], moreWrappedKeys[i]);
        }
        b.parameters.putAll(parameters);
        return b;
    }

    /** The provider that wrote the item, e.g. {@code static}, {@code wrapped}, {@code kms}. */
    public String providerId() {
        return providerId;
    }

    /** The key the item's data key is protected by (may be empty). */
    public String keyId() {
        return keyId;
    }

    /** A copy of the wrapped (encrypted) data key; empty if the provider stores none. */
    public byte[] wrappedKey() {
        return wrappedKey.clone();
    }

    /** The number of bytes in {@link #wrappedKey()}. */
    public int wrappedKeyLength() {
        return wrappedKey.length;
    }

    /** The number of key entries, at least one. */
    public int keyCount() {
        return 1 + moreKeyIds.length;
    }

    /** The key id of entry {@code i} (0 is {@link #keyId()}). */
    public String keyId(int i) {
        return i == 0 ? keyId : moreKeyIds[i - 1];
    }

    /** A copy of the wrapped data key of entry {@code i} (0 is {@link #wrappedKey()}). */
    public byte[] wrappedKey(int i) {
        return i == 0 ? wrappedKey.clone() : moreWrappedKeys[i - 1].clone();
    }

    /** Named parameters, sorted by name. */
    public SortedMap<String, String> parameters() {
        return parameters;
    }

    /** One parameter, if the description has it. */
    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    /**
     * Whether {@code other} names the same keys: the same provider id, the same key ids in the
     * same order, and the same parameters except those {@code ignoredParameter} accepts (values a
     * provider draws afresh with every data key). Wrapped keys are never compared: every data key
     * wraps differently. For {@link dev.coffer.materials.MaterialsProvider#sameKeys}.
     */
    public boolean sameKeysAs(MaterialsDescription other, Predicate<String> ignoredParameter) {
        if (!providerId.equals(other.providerId) || keyCount() != other.keyCount()) {
            return false;
        }
        for (int i = 0; i < keyCount(); i++) {
            if (!keyId(i).equals(other.keyId(i))) {
                return false;
            }
        }
        return relevant(parameters, ignoredParameter).equals(relevant(other.parameters, ignoredParameter));
    }

    private static Map<String, String> relevant(SortedMap<String, String> parameters, Predicate<String> ignored) {
        Map<String, String> out = new TreeMap<>(parameters);
        out.keySet().removeIf(ignored);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MaterialsDescription)) {
            return false;
        }
        MaterialsDescription d = (MaterialsDescription) o;
        return providerId.equals(d.providerId)
                && keyId.equals(d.keyId)
                && Arrays.equals(wrappedKey, d.wrappedKey)
                && Arrays.equals(moreKeyIds, d.moreKeyIds)
                && Arrays.deepEquals(moreWrappedKeys, d.moreWrappedKeys)
                && parameters.equals(d.parameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(providerId, keyId, Arrays.hashCode(wrappedKey), Arrays.hashCode(moreKeyIds), parameters);
    }

    /** Shows ids and parameters and only the length of the wrapped key. */
    @Override
    public String toString() {
        return "MaterialsDescription{provider=" + providerId + ", keyId=" + keyId
                + ", wrappedKey=" + wrappedKey.length + " bytes"
                + (moreKeyIds.length == 0 ? "" : ", more keys=" + Arrays.toString(moreKeyIds))
                + ", parameters=" + parameters + "}";
    }

    /**
     * Whether {@code s} matches {@link #PROVIDER_ID}. Checked by hand, not by the regex: a
     * description is built for every item read and, by the wrapped provider, for every item written,
     * and a matcher per check showed up in profiles.
     */
    static boolean isProviderId(String s) {
        int n = s.length();
        if (n < 1 || n > 64 || !isLowerOrDigit(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = s.charAt(i);
            if (!isLowerOrDigit(c) && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} matches {@link #PARAMETER_NAME}; see {@link #isProviderId}. */
    static boolean isParameterName(String s) {
        int n = s.length();
        if (n < 1 || n > 64) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!isLowerOrDigit(c) && !(c >= 'A' && c <= 'Z') && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    /**
     * Builds a {@link MaterialsDescription}. Not thread-safe.
     */
    public static final class Builder {
        private String providerId;
        private String keyId = "";
        private byte[] wrappedKey = new byte[0];
        private final java.util.List<String> moreKeyIds = new java.util.ArrayList<>();
        private final java.util.List<byte[]> moreWrappedKeys = new java.util.ArrayList<>();
        private final SortedMap<String, String> parameters = new TreeMap<>();

        private Builder() {
        }

        /** Lower-case letters, digits, dots and dashes, at most 64 characters. Required. */
        public Builder providerId(String providerId) {
            this.providerId = providerId;
            return this;
        }

        public Builder keyId(String keyId) {
            this.keyId = keyId == null ? "" : keyId;
            return this;
        }

        public Builder wrappedKey(byte[] wrappedKey) {
            this.wrappedKey = wrappedKey == null ? new byte[0] : wrappedKey.clone();
            return this;
        }

        /**
         * Adds a further key entry after the first ({@link #keyId}, {@link #wrappedKey}): the same
         * data key wrapped under another key. At most 255 entries in all.
         */
        public Builder addKey(String keyId, byte[] wrappedKey) {
            if (keyId == null || wrappedKey == null) {
                throw new ConfigurationException("materials description: addKey(keyId, wrappedKey) needs both, got "
                        + (keyId == null ? "no key id" : "key id '" + keyId + "'") + " and "
                        + (wrappedKey == null ? "no wrapped key" : "a wrapped key"));
            }
            moreKeyIds.add(keyId);
            moreWrappedKeys.add(wrappedKey.clone());
            return this;
        }

        /** A named string parameter; names are ASCII letters, digits, '.', '_' and '-'. */
        public Builder parameter(String name, String value) {
            if (name == null || value == null) {
                throw new ConfigurationException("materials description: parameter(name, value) needs both, got "
                        + (name == null ? "no name" : "name '" + name + "'") + (value == null ? " and no value" : ""));
            }
            parameters.put(name, value);
            return this;
        }

        public MaterialsDescription build() {
            if (providerId == null || !isProviderId(providerId)) {
                throw new ConfigurationException("materials description: " + "provider id must match " + PROVIDER_ID.pattern()
                        + ", was '" + providerId + "'");
            }
            checkText("key id", keyId);
            checkLength("wrapped key", wrappedKey.length);
            if (moreKeyIds.size() > 254) {
                throw new ConfigurationException("materials description: " + "at most 255 key entries, got " + (moreKeyIds.size() + 1));
            }
            for (int i = 0; i < moreKeyIds.size(); i++) {
                checkText("key id", moreKeyIds.get(i));
                checkLength("wrapped key", moreWrappedKeys.get(i).length);
            }
            if (parameters.size() > 255) {
                throw new ConfigurationException("materials description: " + "at most 255 description parameters, got " + parameters.size());
            }
            for (Map.Entry<String, String> e : parameters.entrySet()) {
                if (!isParameterName(e.getKey())) {
                    throw new ConfigurationException("materials description: " + "description parameter names must match "
                            + PARAMETER_NAME.pattern() + ", was '" + e.getKey() + "'");
                }
                checkText("parameter '" + e.getKey() + "'", e.getValue());
            }
            return new MaterialsDescription(this);
        }

        private static void checkText(String what, String text) {
            int n = text.getBytes(StandardCharsets.UTF_8).length;
            if (n > MAX_TEXT_BYTES) {
                throw new ConfigurationException("materials description: " + what + " is " + n + " bytes; at most " + MAX_TEXT_BYTES + " are allowed");
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                // Control characters: Unicode category Cc (U+0000-U+001F, U+007F-U+009F), and the line
                // and paragraph separators, which would split a log line as a newline does.
                if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                    throw new ConfigurationException("materials description: " + what + " contains a control character or line separator");
                }
                if (Character.isSurrogate(c)) {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                        i++;
                    } else {
                        throw new ConfigurationException("materials description: " + what + " contains an unpaired UTF-16 surrogate");
                    }
                }
            }
        }

        private static void checkLength(String what, int n) {
            if (n > MAX_FIELD_BYTES) {
                throw new ConfigurationException("materials description: " + what + " is " + n + " bytes; the header allows at most "
                        + MAX_FIELD_BYTES);
            }
        }
    }
}
