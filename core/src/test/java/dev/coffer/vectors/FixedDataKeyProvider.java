package dev.coffer.vectors;

import dev.coffer.materials.DecryptionMaterials;
import dev.coffer.materials.EncryptionContext;
import dev.coffer.materials.EncryptionMaterials;
import dev.coffer.materials.MaterialsDescription;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.materials.SecretBytes;

/**
 * A provider that returns a fixed data key and no signing key, so the signing key is derived from
 * the data key (what the KMS provider does). For vectors only.
 */
final class FixedDataKeyProvider implements MaterialsProvider {
    static final String PROVIDER_ID = "test-fixed";
    private final String keyId;
    private final SecretBytes dataKey;

    FixedDataKeyProvider(String keyId, byte[] dataKey) {
        this.keyId = keyId;
        this.dataKey = SecretBytes.copyOf(dataKey);
    }

    @Override
    public EncryptionMaterials encryptionMaterials(EncryptionContext context) {
        return EncryptionMaterials.builder()
                .description(MaterialsDescription.builder().providerId(PROVIDER_ID).keyId(keyId)
                        .parameter("purpose", "test-vector").build())
                .dataKey(dataKey)
                .build();
    }

    @Override
    public DecryptionMaterials decryptionMaterials(EncryptionContext context, MaterialsDescription description) {
        if (!PROVIDER_ID.equals(description.providerId()) || !keyId.equals(description.keyId())) {
            throw new dev.coffer.MaterialsException("test provider: unknown key " + description.keyId());
        }
        return DecryptionMaterials.builder().dataKey(dataKey).build();
    }
}
