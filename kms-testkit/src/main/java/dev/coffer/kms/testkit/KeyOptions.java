package dev.coffer.kms.testkit;

import java.util.regex.Pattern;

/**
 * How {@link LocalKms#createKey(KeyOptions)} creates a key: the owning account (default: the
 * server's), whether it is a multi-Region key, and a description.
 *
 * <pre>{@code
 * KmsKey foreign = kms.createKey(KeyOptions.builder().accountId("444455556666").build());
 * KmsKey mrk = kms.createKey(KeyOptions.builder().multiRegion(true).build());
 * }</pre>
 *
 * <p>Thread-safety: immutable; the builder is not thread-safe.
 */
public final class KeyOptions {
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

    private final String accountId;
    private final boolean multiRegion;
    private final String description;

    private KeyOptions(Builder b) {
        this.accountId = b.accountId;
        this.multiRegion = b.multiRegion;
        this.description = b.description;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Default options: the server's account, single-Region, empty description. */
    public static KeyOptions create() {
        return builder().build();
    }

    public Builder toBuilder() {
        return new Builder().accountId(accountId).multiRegion(multiRegion).description(description);
    }

    /** The owning account, or {@code null} for the server's own account. */
    public String accountId() {
        return accountId;
    }

    public boolean multiRegion() {
        return multiRegion;
    }

    public String description() {
        return description;
    }

    /** Builds {@link KeyOptions}. Not thread-safe. */
    public static final class Builder {
        private String accountId;
        private boolean multiRegion;
        private String description = "";

        private Builder() {
        }

        /** A 12-digit AWS account id; keys of other accounts are reachable by ARN only, as in KMS. */
        public Builder accountId(String accountId) {
            this.accountId = accountId;
            return this;
        }

        public Builder multiRegion(boolean multiRegion) {
            this.multiRegion = multiRegion;
            return this;
        }

        public Builder description(String description) {
            this.description = description == null ? "" : description;
            return this;
        }

        public KeyOptions build() {
            if (accountId != null && !ACCOUNT.matcher(accountId).matches()) {
                throw new IllegalArgumentException("account id must be 12 digits, was '" + accountId + "'");
            }
            return new KeyOptions(this);
        }
    }
}
