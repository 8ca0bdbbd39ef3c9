package dev.coffer.reencrypt;

import dev.coffer.CofferException;

/**
 * Why the re-encryptor left an item as it is for a reason other than verification: a live
 * application changed it more often than the retry limit while it was being rewritten, or its write
 * condition would exceed DynamoDB's expression limit. Reported (table, key, reason) through
 * {@link ReEncryptionListener#failed}; never carries a value.
 *
 * <p>Thread-safety: immutable.
 */
public class ReEncryptionException extends CofferException {
    private static final long serialVersionUID = 1L;

    public ReEncryptionException(String message) {
        super(message);
    }

    public ReEncryptionException(String message, Throwable cause) {
        super(message, cause);
    }

}
