package dev.coffer.internal.format;

import java.nio.charset.StandardCharsets;

/** Constants of Coffer format v1, as specified in docs/FORMAT.md. Not API. */
public final class FormatV1 {
    /** The reserved attribute holding the header. */
    public static final String HEADER_ATTRIBUTE = "coffer_head";
    /** The reserved attribute holding the item signature. */
    public static final String SIGNATURE_ATTRIBUTE = "coffer_sig";

    public static final int VERSION = 0x01;
    /** AES-256-GCM, HKDF-SHA-256, key commitment, HMAC-SHA-256. */
    public static final int SUITE_AES256GCM_HKDFSHA256_COMMIT_HMACSHA256 = 0x0001;

    public static final int ITEM_ID_BYTES = 32;
    public static final int COMMITMENT_BYTES = 32;
    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;
    public static final int TAG_BITS = TAG_BYTES * 8;
    public static final int SIGNATURE_BYTES = 32;

    public static final byte ACTION_ENCRYPT_AND_SIGN = 0x01;
    public static final byte ACTION_SIGN_ONLY = 0x02;

    /** DynamoDB's limit on attribute name length. */
    public static final int MAX_NAME_BYTES = 0xFFFF;
    /**
     * DynamoDB's nesting limit: 32 levels counting the attribute itself, so at most 31 lists or maps
     * inside one another (DynamoDB rejects a 32nd).
     */
    public static final int MAX_CONTAINER_DEPTH = 31;
    /** DynamoDB's item size limit, 400 KB. */
    public static final int MAX_ITEM_BYTES = 400 * 1024;

    static final byte[] LABEL_ENC = ascii("coffer/v1/enc");
    static final byte[] LABEL_COMMIT = ascii("coffer/v1/commit");
    static final byte[] LABEL_SIGN = ascii("coffer/v1/sign");
    static final byte[] LABEL_SIGNATURE = ascii("coffer/v1/signature");

    private FormatV1() {
    }

    /** Whether {@code name} is one of the two reserved attribute names. */
    public static boolean isReserved(String name) {
        return HEADER_ATTRIBUTE.equals(name) || SIGNATURE_ATTRIBUTE.equals(name);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
