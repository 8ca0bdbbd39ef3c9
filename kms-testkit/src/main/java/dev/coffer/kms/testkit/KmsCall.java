package dev.coffer.kms.testkit;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One request {@link LocalKms} received, as CloudTrail would record it: the operation, the region
 * it was signed for, the key id the caller named, the key ARN it resolved to, the encryption context, the grant tokens, and the
 * error code it answered with (empty on success). Never the plaintext or the key material.
 *
 * <pre>{@code
 * KmsCall last = kms.requests().get(kms.requests().size() - 1);
 * assertThat(last.encryptionContext()).containsEntry("coffer:table", "orders");
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public final class KmsCall {
    private final Operation operation;
    private final String region;
    private final String requestedKeyId;
    private final String keyArn;
    private final SortedMap<String, String> encryptionContext;
    private final List<String> grantTokens;
    private final String errorCode;

    KmsCall(Operation operation, String region, String requestedKeyId, String keyArn,
            Map<String, String> encryptionContext, List<String> grantTokens, String errorCode) {
        this.operation = operation;
        this.region = region;
        this.requestedKeyId = requestedKeyId;
        this.keyArn = keyArn;
        this.encryptionContext = Collections.unmodifiableSortedMap(new TreeMap<>(encryptionContext));
        this.grantTokens = List.copyOf(grantTokens);
        this.errorCode = errorCode;
    }

    public Operation operation() {
        return operation;
    }

    /** The region the request was signed for (the client's region); the server's for an unsigned request. */
    public String region() {
        return region;
    }

    /** The {@code KeyId} in the request as sent (key id, ARN, alias); empty if none was sent. */
    public Optional<String> requestedKeyId() {
        return Optional.ofNullable(requestedKeyId);
    }

    /** The ARN of the key that served (or refused) the request; empty if none was found. */
    public Optional<String> keyArn() {
        return Optional.ofNullable(keyArn);
    }

    public SortedMap<String, String> encryptionContext() {
        return encryptionContext;
    }

    public List<String> grantTokens() {
        return grantTokens;
    }

    /** The error code answered ({@code NotFoundException}, ...), or empty on success. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    @Override
    public String toString() {
        return "KmsCall{" + operation.apiName() + ", key=" + (keyArn != null ? keyArn : requestedKeyId)
                + ", context=" + encryptionContext + (errorCode == null ? "" : ", error=" + errorCode) + "}";
    }
}
