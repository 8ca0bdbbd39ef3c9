package dev.coffer;

import dev.coffer.internal.format.InvalidValue;
import dev.coffer.internal.format.ItemSize;
import dev.coffer.internal.format.Numbers;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB's own rules for values, as Coffer applies them: the canonical spelling of a number and
 * the size DynamoDB counts against its 400 KB item limit. For materials providers that put key
 * values into a KMS encryption context, and for tools that report item sizes.
 *
 * <pre>{@code
 * DynamoDbValues.canonicalNumber("1.50E3");   // "1500", as DynamoDB stores and returns it
 * long bytes = DynamoDbValues.itemSize(item); // compare with DynamoDB's limit of 409,600 bytes
 * }</pre>
 *
 * <p>Thread-safety: stateless; every method is safe to call from any thread.
 */
public final class DynamoDbValues {
    /** DynamoDB's item size limit, in bytes (400 KB). */
    public static final long MAX_ITEM_SIZE = 409_600;

    private DynamoDbValues() {
    }

    /**
     * The canonical form of a DynamoDB number, the one DynamoDB stores and returns: no exponent, no
     * plus sign, no leading or trailing zeros, {@code "-0"} as {@code "0"} ({@code "1.50E3"} is
     * {@code "1500"}, {@code ".5"} is {@code "0.5"}). Two spellings of the same DynamoDB number
     * have the same canonical form. The grammar is docs/FORMAT.md's, section "Numbers".
     *
     * @param number a number as the SDK carries it, e.g. {@code AttributeValue.n()}
     * @return the canonical spelling
     * @throws InvalidItemException if {@code number} is null or not a number DynamoDB accepts (not
     *     a number, more than 38 significant digits, outside 1E-130 to 9.99E+125 in magnitude); the
     *     message gives the reason, never the value
     */
    public static String canonicalNumber(String number) {
        if (number == null) {
            throw new InvalidItemException("number is null; pass the string of a DynamoDB number (N)");
        }
        try {
            return Numbers.canonical(number);
        } catch (InvalidValue bad) {
            throw new InvalidItemException("number " + bad.getMessage());
        }
    }

    /**
     * The size of an item as DynamoDB counts it against {@link #MAX_ITEM_SIZE}: the UTF-8 bytes of
     * every attribute name plus the size of its value ({@link #size(AttributeValue)}). Exact for the
     * measured engines (docs/DEPENDENCIES.md); an estimate for a value DynamoDB would reject.
     *
     * @param item an item, plaintext or as Coffer stores it; not null
     * @return its size in bytes
     */
    public static long itemSize(Map<String, AttributeValue> item) {
        return ItemSize.of(item);
    }

    /**
     * The size of one attribute value as DynamoDB counts it, without the attribute name: strings by
     * UTF-8 length, binaries by length, numbers as DynamoDB stores them (about one byte per two
     * significant digits, plus one), booleans and nulls one byte, lists and maps three bytes plus one
     * per element plus their elements. A null value has size 0.
     *
     * @param value an attribute value, or null
     * @return its size in bytes
     */
    public static long size(AttributeValue value) {
        return ItemSize.of(value);
    }
}
