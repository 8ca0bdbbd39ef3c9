package dev.coffer.materials;

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
}
