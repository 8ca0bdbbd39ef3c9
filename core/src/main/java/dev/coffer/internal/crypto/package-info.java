/**
 * Not API: the JCE compositions Coffer uses (HKDF, AES-GCM without nonce reuse, per-item random
 * sources). Other modules must not use it; the build fails if they do (ModuleBoundaryTest).
 */
package dev.coffer.internal.crypto;
