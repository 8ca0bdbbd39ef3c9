package dev.coffer.json;

/**
 * Text that is not DynamoDB JSON: not JSON at all, or JSON that does not follow DynamoDB's typed
 * grammar (an unknown or missing type, a number that is not a string, a duplicate attribute, nesting
 * deeper than DynamoDB allows, ...). The message names the place (line and column for broken JSON,
 * the attribute path otherwise) and the rule, and never contains any part of a value, so it is safe
 * to log even when the input holds plaintext or keys.
 *
 * <p>Thread-safety: immutable once thrown.
 *
 * <pre>{@code
 * try {
 *     item = DynamoDbJson.readItem(text);
 * } catch (DynamoDbJsonException e) {
 *     throw new UsageError("--item " + file + ": " + e.getMessage());
 * }
 * }</pre>
 */
public final class DynamoDbJsonException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String location;

    DynamoDbJsonException(String location, String reason) {
        super(location.isEmpty() ? reason : location + ": " + reason);
        this.location = location;
    }

    /**
     * Where the input went wrong: an attribute path such as {@code attribute 'address' > 'city' > [2]},
     * or {@code line 3, column 17} when the text is not JSON; empty when the input as a whole is wrong
     * (for example, empty).
     */
    public String location() {
        return location;
    }
}
