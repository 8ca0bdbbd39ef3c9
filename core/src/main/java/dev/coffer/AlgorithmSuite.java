package dev.coffer;

import java.util.Optional;

/**
 * How items are protected (docs/FORMAT.md, section 2). Both suites encrypt with AES-256-GCM, derive
 * per-item keys with HKDF-SHA-256, commit to the data key and sign with HMAC-SHA-256; the second
 * adds an ECDSA P-256 signature, so that a principal who can decrypt items cannot forge them.
 *
 * <ul>
 *   <li>{@link #AES_GCM_HMAC_SHA256} ({@code 0x01}, the default): whoever can compute the HMAC can
 *       also forge items. With KMS materials that is every principal allowed {@code kms:Decrypt} on
 *       the key (docs/SECURITY.md, "Who can forge").</li>
 *   <li>{@link #AES_GCM_HMAC_SHA256_ECDSA_P256} ({@code 0x02}): also signed with an ECDSA P-256
 *       private key that only writers hold, verified against a public key readers cannot choose: in
 *       the KMS encryption context of the data key, or configured in the reader. Readers may then
 *       have decrypt-only permissions and still cannot forge. Costs an ECDSA signature per write and
 *       a verification per read, and 64 bytes per item (96 with a KMS public key).</li>
 * </ul>
 *
 * <pre>{@code
 * TableConfig config = TableConfig.builder().tableName("orders").partitionKey("id")
 *         .materialsProvider(provider)
 *         .algorithmSuite(AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256)
 *         .build();
 * }</pre>
 *
 * <p>Thread-safety: an enum; immutable.
 */
public enum AlgorithmSuite {
    /** AES-256-GCM, HKDF-SHA-256, key commitment, HMAC-SHA-256 signature. Suite byte {@code 0x01}. */
    AES_GCM_HMAC_SHA256(0x01, "AES-256-GCM, HKDF-SHA-256, key commitment, HMAC-SHA-256"),
    /** As {@link #AES_GCM_HMAC_SHA256}, plus an ECDSA P-256 (SHA-256) signature. Suite byte {@code 0x02}. */
    AES_GCM_HMAC_SHA256_ECDSA_P256(0x02, "AES-256-GCM, HKDF-SHA-256, key commitment, HMAC-SHA-256, ECDSA P-256");

    private final int id;
    private final String description;

    AlgorithmSuite(int id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The suite byte of the header. */
    public int id() {
        return id;
    }

    /** Whether items of this suite carry an asymmetric (ECDSA) signature. */
    public boolean isAsymmetric() {
        return this == AES_GCM_HMAC_SHA256_ECDSA_P256;
    }

    /** A short human-readable description, e.g. for {@code coffer inspect}. */
    public String description() {
        return description;
    }

    /** The suite with header byte {@code id}, if this release knows it. */
    public static Optional<AlgorithmSuite> of(int id) {
        for (AlgorithmSuite s : values()) {
            if (s.id == id) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
