package dev.coffer.internal.format;

/**
 * A value DynamoDB would not accept or Coffer cannot encode; the item codec adds the table and
 * attribute name. The reason never contains the value. Not API.
 */
public final class InvalidValue extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidValue(String reason) {
        super(reason, null, false, false);
    }
}
