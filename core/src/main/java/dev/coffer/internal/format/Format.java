package dev.coffer.internal.format;

import java.nio.charset.StandardCharsets;

/** Constants of the Coffer 1.0 item format (wire version 2), as docs/FORMAT.md specifies them. Not API. */
public final class Format {
    /** The reserved attribute holding the header. */
    public static final String HEADER_ATTRIBUTE = "coffer_head";
    /** The reserved attribute holding the authentication tags: GCM tag (if any) and item signature. */
    public static final String SIGNATURE_ATTRIBUTE = "coffer_sig";

    /** The wire version byte of the Coffer 1.0 format. */
    public static final int VERSION = 0x02;
    /** The wire version byte of the pre-release draft, which this release refuses by name. */
    public static final int PRE_RELEASE_VERSION = 0x01;
    /** AES-256-GCM (one message per item), HKDF-SHA-256, key commitment, HMAC-SHA-256 signature. */
    public static final int SUITE_HMAC = 0x01;
    /** As {@link #SUITE_HMAC}, plus an ECDSA P-256 signature over the same signature input. */
    public static final int SUITE_HMAC_ECDSA_P256 = 0x02;

    public static final int ITEM_ID_BYTES = 32;
    public static final int COMMITMENT_BYTES = 32;
    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;
    public static final int TAG_BITS = TAG_BYTES * 8;
    public static final int SIGNATURE_BYTES = 32;
    /** An ECDSA P-256 signature as r || s (IEEE P1363), suite 0x02 only. */
    public static final int ECDSA_SIGNATURE_BYTES = 64;

    /** DynamoDB's limit on attribute name length. */
    public static final int MAX_NAME_BYTES = 0xFFFF;
    /**
     * DynamoDB's nesting limit: the attribute's own value is level 1 and values may sit at levels 1
     * to 32, so a list or map may appear at levels 1 to 31 (at most 31 inside one another).
     */
    public static final int MAX_CONTAINER_DEPTH = 31;
    /** DynamoDB's item size limit, 400 KB. */
    public static final int MAX_ITEM_BYTES = 400 * 1024;
    /** How often the writer draws a new item id when two attribute names share a fingerprint. */
    static final int MAX_ITEM_ID_DRAWS = 8;
    /** How many readings of an ambiguous legend the reader verifies before it fails closed. */
    static final int MAX_LEGEND_READINGS = 8;

    static final byte[] LABEL_KEYS = ascii("coffer/2/keys");
    static final byte[] LABEL_SIGNATURE = ascii("coffer/2/signature");

    private Format() {
    }

    /** Whether {@code name} is one of the two reserved attribute names. */
    public static boolean isReserved(String name) {
        return HEADER_ATTRIBUTE.equals(name) || SIGNATURE_ATTRIBUTE.equals(name);
    }

    /** The length of the coffer_sig attribute for an item with or without encrypted attributes. */
    static int tagsLength(boolean anyEncrypted) {
        return tagsLength(anyEncrypted, SUITE_HMAC);
    }

    /** The length of coffer_sig: GCM tag (if any), HMAC, and for suite 0x02 the ECDSA signature. */
    static int tagsLength(boolean anyEncrypted, int suite) {
        return (anyEncrypted ? TAG_BYTES : 0) + SIGNATURE_BYTES + (suite == SUITE_HMAC_ECDSA_P256 ? ECDSA_SIGNATURE_BYTES : 0);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
