/**
 * For provider authors: the values a {@link dev.coffer.materials.MaterialsProvider} receives and
 * returns. {@link dev.coffer.materials.spi.EncryptionContext} (the table, key names and, for
 * item-scoped providers, key values of the item being protected),
 * {@link dev.coffer.materials.spi.EncryptionMaterials} and
 * {@link dev.coffer.materials.spi.DecryptionMaterials} (the keys), and
 * {@link dev.coffer.materials.spi.MaterialsDescription} (what a provider stores in each item's
 * header to find the keys again). Applications that only pick a provider never need this package.
 */
package dev.coffer.materials.spi;
