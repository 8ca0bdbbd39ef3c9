package dev.coffer.mostrecent;

import dev.coffer.materials.spi.DecryptionMaterials;
import dev.coffer.materials.spi.EncryptionMaterials;
import dev.coffer.materials.spi.MaterialsDescription;
import dev.coffer.materials.SecretBytes;

/** One version of a material: its keys, ready-made as encryption and decryption materials. */
final class Version {
    static final String PROVIDER_ID = "most-recent";
    static final String PARAM_VERSION = "v";

    final String materialName;
    final long number;
    final EncryptionMaterials encryption;
    final DecryptionMaterials decryption;

    Version(String materialName, long number, SecretBytes dataKey, SecretBytes signingKey) {
        this.materialName = materialName;
        this.number = number;
        this.encryption = EncryptionMaterials.builder()
                .description(MaterialsDescription.builder()
                        .providerId(PROVIDER_ID)
                        .keyId(materialName)
                        .parameter(PARAM_VERSION, Long.toString(number))
                        .build())
                .dataKey(dataKey)
                .signingKey(signingKey)
                .build();
        this.decryption = DecryptionMaterials.builder().dataKey(dataKey).signingKey(signingKey).build();
    }

    @Override
    public String toString() {
        return materialName + " v" + number;
    }
}
