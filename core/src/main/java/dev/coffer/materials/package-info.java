/**
 * Where keys come from. Pick a provider: {@link dev.coffer.materials.StaticProvider} (one local
 * key), {@link dev.coffer.materials.WrappedProvider} (a fresh data key per item, wrapped with local
 * AES or RSA keys), or the KMS and most-recent providers in their own modules, optionally behind
 * {@link dev.coffer.materials.CachingProvider}. Provider authors implement
 * {@link dev.coffer.materials.MaterialsProvider} with the types of {@code dev.coffer.materials.spi}
 * ({@link dev.coffer.materials.spi.EncryptionContext}, {@link dev.coffer.materials.spi.EncryptionMaterials},
 * {@link dev.coffer.materials.spi.DecryptionMaterials}, {@link dev.coffer.materials.spi.MaterialsDescription},
 * {@link dev.coffer.materials.SecretBytes}). See docs/providers.md.
 */
package dev.coffer.materials;
