package dev.coffer.kms.testkit;

/**
 * The KMS operations {@link LocalKms} answers, with their API names (the suffix of the
 * {@code X-Amz-Target: TrentService.<name>} header the SDK sends).
 *
 * <pre>{@code
 * assertThat(kms.calls(Operation.DECRYPT)).isEqualTo(1);
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public enum Operation {
    GENERATE_DATA_KEY("GenerateDataKey"),
    ENCRYPT("Encrypt"),
    DECRYPT("Decrypt"),
    DESCRIBE_KEY("DescribeKey");

    private final String apiName;

    Operation(String apiName) {
        this.apiName = apiName;
    }

    /** The KMS API name, e.g. {@code GenerateDataKey}. */
    public String apiName() {
        return apiName;
    }

    /** The IAM action that authorizes this operation, e.g. {@code kms:GenerateDataKey}. */
    public String iamAction() {
        return "kms:" + apiName;
    }

    static Operation fromApiName(String name) {
        for (Operation o : values()) {
            if (o.apiName.equals(name)) {
                return o;
            }
        }
        return null;
    }
}
