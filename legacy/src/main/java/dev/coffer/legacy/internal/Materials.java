package dev.coffer.legacy.internal;

import java.security.Key;
import java.util.function.Supplier;
import javax.crypto.SecretKey;

/**
 * One item's keys: the key its signature is verified with, and (asked for only after the signature
 * verified) the AES key its encrypted attributes are decrypted with.
 *
 * <p>Thread-safety: used by one read on one thread.
 */
public record Materials(Key verificationKey, Supplier<SecretKey> contentKey) {
}
