package dev.coffer.materials.spi;

import dev.coffer.ConfigurationException;
import dev.coffer.materials.SecretBytes;

/** Size rules shared by the materials types. */
final class Keys {
    static final int DATA_KEY_BYTES = 32;
    static final int MIN_SIGNING_KEY_BYTES = 32;

    private Keys() {
    }

    static void checkDataKey(SecretBytes dataKey) {
        if (dataKey == null) {
            throw new ConfigurationException("materials: set dataKey(...) to a " + DATA_KEY_BYTES + "-byte AES-256 key");
        }
        if (dataKey.length() != DATA_KEY_BYTES) {
            throw new ConfigurationException("data key must be " + DATA_KEY_BYTES + " bytes (AES-256), was "
                    + dataKey.length());
        }
    }

    static void checkSigningKey(SecretBytes signingKey) {
        if (signingKey != null && signingKey.length() < MIN_SIGNING_KEY_BYTES) {
            throw new ConfigurationException("signing key must be at least " + MIN_SIGNING_KEY_BYTES
                    + " bytes, was " + signingKey.length());
        }
    }
}
