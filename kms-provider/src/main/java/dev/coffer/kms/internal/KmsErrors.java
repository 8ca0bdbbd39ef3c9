package dev.coffer.kms.internal;

import dev.coffer.kms.KmsMaterialsException;
import dev.coffer.kms.KmsMaterialsException.Reason;
import java.net.SocketTimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.model.DependencyTimeoutException;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * Turns what the SDK throws into a {@link KmsMaterialsException} whose message says which table,
 * which operation, which key, what KMS said, and what to do. Not API.
 */
public final class KmsErrors {
    private KmsErrors() {
    }

    /**
     * @param operation the KMS API name ({@code GenerateDataKey}, {@code Decrypt})
     * @param keyId the key as sent to KMS
     */
    public static KmsMaterialsException map(SdkException e, String table, String operation, String keyId) {
        String action = "kms:" + operation;
        String what = "kms provider: table '" + table + "': " + action + " on key " + keyId;
        String said = kmsSaid(e);
        if (e instanceof AwsServiceException) {
            AwsServiceException s = (AwsServiceException) e;
            String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
            if ("AccessDeniedException".equals(code)) {
                return new KmsMaterialsException(what + " was denied: the caller's AWS identity needs permission " + action
                        + " on this key (in the key policy, an IAM policy, or a grant; pass a new grant's token with "
                        + "grantTokens(...))." + said, Reason.ACCESS_DENIED, keyId, operation, e);
            }
            if (e instanceof DisabledException) {
                return new KmsMaterialsException(what + " failed: the key is disabled. Enable it in KMS (EnableKey) to "
                        + "write or read items it protects." + said, Reason.KEY_DISABLED, keyId, operation, e);
            }
            if (e instanceof KmsInvalidStateException) {
                return new KmsMaterialsException(what + " failed: the key's state does not allow it (for example pending "
                        + "deletion: cancel the deletion with CancelKeyDeletion and enable the key before the waiting "
                        + "period ends, or items it protects become unreadable)." + said,
                        Reason.KEY_INVALID_STATE, keyId, operation, e);
            }
            if (e instanceof NotFoundException) {
                return new KmsMaterialsException(what + " failed: KMS has no such key or alias in that account and "
                        + "region. Check the ARN and the KMS client's region." + said, Reason.KEY_NOT_FOUND, keyId,
                        operation, e);
            }
            if (e instanceof InvalidCiphertextException || e instanceof IncorrectKeyException) {
                return new KmsMaterialsException(what + " failed: KMS refused the item's wrapped data key for this key "
                        + "and this item's encryption context (table and primary key). The item was copied from another "
                        + "table or key, the logical table name changed, or its header was modified.",
                        Reason.INVALID_CIPHERTEXT, keyId, operation, e);
            }
            if (s.isThrottlingException()) {
                return new KmsMaterialsException(what + " was throttled by KMS" + attempts(e) + ". Raise the KMS "
                        + "request quota, slow down, or cache data keys with CachingProvider." + said, Reason.THROTTLED,
                        keyId, operation, e);
            }
            if (e instanceof DependencyTimeoutException) {
                return new KmsMaterialsException(what + " timed out inside KMS" + attempts(e) + "; retry later." + said,
                        Reason.TIMEOUT, keyId, operation, e);
            }
            if (s.statusCode() >= 500) {
                return new KmsMaterialsException(what + " failed with a KMS server error (HTTP " + s.statusCode() + ")"
                        + attempts(e) + "; retry later." + said, Reason.UNAVAILABLE, keyId, operation, e);
            }
            return new KmsMaterialsException(what + " failed: " + code + "." + said, Reason.OTHER, keyId, operation, e);
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException || causedBy(e,
                SocketTimeoutException.class)) {
            return new KmsMaterialsException(what + " did not complete within the KMS client's timeout ("
                    + e.getClass().getSimpleName() + attempts(e) + "). Check the network path to KMS, or raise "
                    + "apiCallTimeout/apiCallAttemptTimeout on the KmsClient.", Reason.TIMEOUT, keyId, operation, e);
        }
        if (isCredentialsFailure(e)) {
            return new KmsMaterialsException(what + " was not sent: the KMS client could not get AWS credentials. Provide "
                    + "them (environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile in "
                    + "~/.aws/credentials chosen with AWS_PROFILE, or a role), or give the KmsClient a credentials "
                    + "provider. The SDK said: \"" + sdkSaid(e) + "\"", Reason.CREDENTIALS, keyId, operation, e);
        }
        return new KmsMaterialsException(what + " could not reach KMS" + attempts(e) + ": " + e.getClass().getSimpleName()
                + ": \"" + sdkSaid(e) + "\". Check the network path, the KMS endpoint and the region.", Reason.UNAVAILABLE,
                keyId, operation, e);
    }

    /**
     * The SDK reports missing or unloadable credentials as a plain {@code SdkClientException}
     * raised before any request is sent; its message is the only mark
     * ("Unable to load credentials from any of the providers in the chain ...").
     */
    private static boolean isCredentialsFailure(SdkException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.startsWith("Unable to load credentials") || m.contains("Unable to load credentials")
                    || m.startsWith("Profile file contained no credentials"))) {
                return true;
            }
        }
        return false;
    }

    /** The SDK's own message, without its attempt-count suffix (said separately) and bounded. */
    private static String sdkSaid(SdkException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        m = m.replaceAll("\\s*\\(SDK Attempt Count: [0-9]+\\)", "").strip().replace('\n', ' ').replace('"', '\'');
        return m.length() <= 1000 ? m : m.substring(0, 1000) + "...";
    }

    private static String kmsSaid(SdkException e) {
        if (e instanceof AwsServiceException) {
            AwsServiceException s = (AwsServiceException) e;
            String m = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorMessage();
            if (m != null && !m.isEmpty()) {
                return " KMS said: \"" + m + "\"";
            }
        }
        return "";
    }

    private static String attempts(SdkException e) {
        Integer n = e.numAttempts();
        return n == null || n <= 1 ? "" : " after " + n + " attempts";
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
