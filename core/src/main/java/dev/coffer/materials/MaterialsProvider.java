package dev.coffer.materials;

import dev.coffer.materials.spi.DecryptionMaterials;
import dev.coffer.materials.spi.EncryptionContext;
import dev.coffer.materials.spi.EncryptionMaterials;
import dev.coffer.materials.spi.MaterialsDescription;

/**
 * Supplies the keys Coffer encrypts and signs items with. Coffer ships a {@link StaticProvider}
 * and a {@link WrappedProvider} here, a direct KMS provider in {@code coffer-kms}, and more.
 *
 * <p>On write, {@link #encryptionMaterials} returns a data key (and optionally an HMAC signing key)
 * with a {@link MaterialsDescription} that Coffer stores, signed, in the item header. On read,
 * {@link #decryptionMaterials} gets that description back and must return the same keys, or throw
 * {@link dev.coffer.MaterialsException} saying why it cannot (unknown key id, other provider, remote
 * failure). A provider must never return keys other than the ones described: Coffer's key commitment
 * check turns that into an {@link dev.coffer.IntegrityException}.
 *
 * <pre>{@code
 * MaterialsProvider provider = WrappedProvider.builder()
 *         .addWrappingKey(WrappingKey.aes("wk-1", SecretBytes.random(32)))
 *         .addSigningKey("sk-1", SecretBytes.random(32))
 *         .build();
 * }</pre>
 *
 * <p>Thread-safety: implementations must be safe for concurrent use; one provider serves every
 * thread of an encryptor.
 */
public interface MaterialsProvider {

    /** Keys and description for encrypting one item of the given table and primary key. */
    EncryptionMaterials encryptionMaterials(EncryptionContext context);

    /** The keys for the item whose header holds {@code description}. */
    DecryptionMaterials decryptionMaterials(EncryptionContext context, MaterialsDescription description);

    /**
     * Whether an item whose header holds {@code stored} is protected by the same keys as an item this
     * provider writes now with {@code current} (from {@link #encryptionMaterials}): the same
     * provider, key ids and parameters, ignoring what a provider changes with every data key (a
     * fresh key pair's public key, for example). Tools that re-encrypt a table (the re-encryptor)
     * rewrite the items for which this is {@code false}, so it must be stable: two descriptions this
     * provider writes with the same configuration must compare as the same.
     *
     * <p>The default compares provider id, key ids and every parameter
     * ({@link MaterialsDescription#sameKeysAs}); providers that put per-data-key values into
     * parameters override it and name those parameters.
     */
    default boolean sameKeys(MaterialsDescription stored, MaterialsDescription current) {
        return stored.sameKeysAs(current, name -> false);
    }
}
