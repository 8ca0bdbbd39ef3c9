package dev.coffer.kms.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure {@link LocalKms} injects into the requests it answers: throttling, access denied, an
 * internal (HTTP 500) error, or added latency. A fault may be limited to one operation and to one
 * key, may let the first {@code after} matching requests through, and may fire a limited number of
 * {@code times} (0, the default, means until {@link LocalKms#clearFaults()}).
 *
 * <p>What the SDK sees is what KMS sends: {@code ThrottlingException} (HTTP 400, retried by the
 * SDK as throttling), {@code AccessDeniedException} (HTTP 400, naming the IAM action and the key
 * ARN), {@code KMSInternalException} (HTTP 500, retried by the SDK). Latency delays the answer and
 * then processes the request normally, so a client-side timeout shorter than the latency fails the
 * call the way a slow KMS would.
 *
 * <pre>{@code
 * kms.inject(Fault.throttling().operation(Operation.GENERATE_DATA_KEY).build());
 * kms.inject(Fault.accessDenied().operation(Operation.DECRYPT).key(key).build());
 * kms.inject(Fault.internalError().times(1).build());      // the SDK's retry then succeeds
 * kms.inject(Fault.latency(Duration.ofSeconds(2)).build());
 * }</pre>
 *
 * <p>Thread-safety: immutable; the builder is not thread-safe.
 */
public final class Fault {
    /** What the fault does. */
    public enum Kind {
        /** HTTP 400 {@code ThrottlingException} "Rate exceeded". */
        THROTTLING,
        /** HTTP 400 {@code AccessDeniedException} naming the IAM action and key. */
        ACCESS_DENIED,
        /** HTTP 500 {@code KMSInternalException}. */
        INTERNAL_ERROR,
        /** Waits {@link #latency()} before answering normally. */
        LATENCY
    }

    private final Kind kind;
    private final Operation operation;
    private final String keyArn;
    private final int after;
    private final int times;
    private final Duration latency;

    private Fault(Builder b) {
        this.kind = b.kind;
        this.operation = b.operation;
        this.keyArn = b.keyArn;
        this.after = b.after;
        this.times = b.times;
        this.latency = b.latency;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A throttling fault, for every operation until limited. */
    public static Builder throttling() {
        return builder().kind(Kind.THROTTLING);
    }

    /** An access-denied fault. */
    public static Builder accessDenied() {
        return builder().kind(Kind.ACCESS_DENIED);
    }

    /** An HTTP 500 internal error. */
    public static Builder internalError() {
        return builder().kind(Kind.INTERNAL_ERROR);
    }

    /** Delays each matching answer by {@code delay}. */
    public static Builder latency(Duration delay) {
        return builder().kind(Kind.LATENCY).latency(delay);
    }

    public Builder toBuilder() {
        Builder b = builder().kind(kind).operation(operation).after(after).times(times).latency(latency);
        b.keyArn = keyArn;
        return b;
    }

    public Kind kind() {
        return kind;
    }

    /** The operation the fault applies to, or {@code null} for all. */
    public Operation operation() {
        return operation;
    }

    /** The key ARN the fault applies to, or {@code null} for all keys. */
    public String keyArn() {
        return keyArn;
    }

    /** How many matching requests pass before the fault fires. */
    public int after() {
        return after;
    }

    /** How many times the fault fires; 0 means until cleared. */
    public int times() {
        return times;
    }

    /** The delay of a {@link Kind#LATENCY} fault. */
    public Duration latency() {
        return latency;
    }

    boolean matches(Operation op, String arn) {
        return (operation == null || operation == op) && (keyArn == null || keyArn.equals(arn));
    }

    @Override
    public String toString() {
        return "Fault{" + kind + (operation == null ? "" : ", " + operation.apiName()) + (keyArn == null ? "" : ", " + keyArn)
                + (after == 0 ? "" : ", after " + after) + (times == 0 ? "" : ", " + times + " times")
                + (kind == Kind.LATENCY ? ", " + latency : "") + "}";
    }

    /** Builds a {@link Fault}. Not thread-safe. */
    public static final class Builder {
        private Kind kind;
        private Operation operation;
        private String keyArn;
        private int after;
        private int times;
        private Duration latency = Duration.ZERO;

        private Builder() {
        }

        public Builder kind(Kind kind) {
            this.kind = kind;
            return this;
        }

        /** Only this operation ({@code null}: every operation). */
        public Builder operation(Operation operation) {
            this.operation = operation;
            return this;
        }

        /** Only requests for this key (matched on its ARN after aliases are resolved). */
        public Builder key(KmsKey key) {
            this.keyArn = key == null ? null : key.arn();
            return this;
        }

        /** Let the first {@code n} matching requests through. */
        public Builder after(int n) {
            this.after = n;
            return this;
        }

        /** Fire {@code n} times, then stop; 0 (the default) fires until cleared. */
        public Builder times(int n) {
            this.times = n;
            return this;
        }

        public Builder latency(Duration latency) {
            this.latency = latency == null ? Duration.ZERO : latency;
            return this;
        }

        public Fault build() {
            Objects.requireNonNull(kind, "kind");
            if (after < 0 || times < 0) {
                throw new IllegalArgumentException("after and times must not be negative");
            }
            if (kind == Kind.LATENCY && (latency.isNegative() || latency.isZero())) {
                throw new IllegalArgumentException("a latency fault needs a positive latency");
            }
            return new Fault(this);
        }
    }
}
