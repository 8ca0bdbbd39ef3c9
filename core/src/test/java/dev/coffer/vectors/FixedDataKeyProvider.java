package dev.coffer.vectors;

import dev.coffer.MaterialsException;
import dev.coffer.materials.spi.DecryptionMaterials;
import dev.coffer.materials.spi.EncryptionContext;
import dev.coffer.materials.spi.EncryptionMaterials;
import dev.coffer.materials.spi.MaterialsDescription;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.SignatureKeyPair;
import java.util.List;
import java.util.Map;

/**
 * A provider that returns a fixed data key and no signing key, so the signing key is derived from
 * the data key (K_sig = T(3), what the KMS provider does). It writes the key entries and
 * parameters it is given, so a vector can pin a description with several key entries (a multi-key
 * provider's). For suite 0x02 vectors it signs with a given ECDSA key pair and verifies with the
 * public key of the description's {@code pk} parameter, as the KMS provider does once KMS has
 * authenticated it. For vectors only. Immutable and thread-safe.
 */
final class FixedDataKeyProvider implements MaterialsProvider {
    static final String PROVIDER_ID = "test-fixed";

    /** One key entry of the description: a key id and the bytes written as its wrapped key. */
    record Entry(String keyId, byte[] wrappedKey) {
    }

    private final List<Entry> entries;
    private final Map<String, String> parameters;
    private final SecretBytes dataKey;
    private final SignatureKeyPair signatureKeyPair;

    FixedDataKeyProvider(List<Entry> entries, Map<String, String> parameters, byte[] dataKey) {
        this(entries, parameters, dataKey, null);
    }

    FixedDataKeyProvider(List<Entry> entries, Map<String, String> parameters, byte[] dataKey,
            SignatureKeyPair signatureKeyPair) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("at least one key entry");
        }
        this.entries = List.copyOf(entries);
        this.parameters = Map.copyOf(parameters);
        this.dataKey = SecretBytes.copyOf(dataKey);
        this.signatureKeyPair = signatureKeyPair;
    }

    @Override
    public EncryptionMaterials encryptionMaterials(EncryptionContext context) {
        MaterialsDescription.Builder d = MaterialsDescription.builder().providerId(PROVIDER_ID)
                .keyId(entries.get(0).keyId()).wrappedKey(entries.get(0).wrappedKey());
        for (Entry e : entries.subList(1, entries.size())) {
            d.addKey(e.keyId(), e.wrappedKey());
        }
        parameters.forEach(d::parameter);
        return EncryptionMaterials.builder().description(d.build()).dataKey(dataKey).signatureKeyPair(signatureKeyPair)
                .build();
    }

    @Override
    public DecryptionMaterials decryptionMaterials(EncryptionContext context, MaterialsDescription description) {
        if (!PROVIDER_ID.equals(description.providerId()) || !entries.get(0).keyId().equals(description.keyId())) {
            throw new MaterialsException("test provider: unknown provider or key " + description.keyId());
        }
        String pk = description.parameter("pk").orElse(null);
        return DecryptionMaterials.builder().dataKey(dataKey)
                .verificationKey(pk == null ? null : SignatureKeyPair.decodePublicKey(pk)).build();
    }
}
