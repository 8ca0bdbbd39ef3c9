package dev.coffer;

/**
 * A configuration that cannot work, for example an encrypted key attribute, a missing materials
 * provider or a key of the wrong size. Thrown when the configuration or provider is built, never
 * halfway through a write; the message says what to change.
 *
 * <pre>{@code
 * try {
 *     TableConfig config = TableConfig.builder().tableName("t").partitionKey("pk")
 *             .action("pk", CryptoAction.ENCRYPT_AND_SIGN).materialsProvider(p).build();
 * } catch (ConfigurationException e) {
 *     // "table 't': attribute 'pk' is the partition key ... always SIGN_ONLY ..."
 * }
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public class ConfigurationException extends CofferException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }

}
