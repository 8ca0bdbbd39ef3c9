/**
 * Not API: the wire format of docs/FORMAT.md (header, legend, canonical values, the item codec).
 * Other modules must not use it; the build fails if they do (ModuleBoundaryTest). Use
 * {@link dev.coffer.ItemEncryptor} and {@link dev.coffer.ItemDescription} instead.
 */
package dev.coffer.internal.format;
