package dev.coffer.beacon;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A {@link BeaconQuery} turned into a condition on a stored beacon attribute, made by
 * {@code ItemEncryptor.beaconCondition}: use {@link #expression()}, {@link #expressionNames()} and
 * {@link #expressionValues()} as a query's key condition (on an index whose key is the beacon) or a
 * scan's filter, then keep only the decrypted items that {@link #matches}: a beacon is short, so
 * items with other values share it (false positives), and only their plaintext tells them apart.
 *
 * <pre>{@code
 * BeaconCondition c = encryptor.beaconCondition(BeaconQuery.equalTo("email", "alice@example.com"));
 * QueryResponse r = ddb.query(q -> q.tableName("users").indexName("email-index")
 *         .keyConditionExpression(c.expression())
 *         .expressionAttributeNames(c.expressionNames())
 *         .expressionAttributeValues(c.expressionValues()));
 * List<Map<String, AttributeValue>> users = encryptor.decryptMatching(r.items(), c);
 * }</pre>
 *
 * <p>The placeholders are {@value #NAME_PLACEHOLDER} and {@value #VALUE_PLACEHOLDER}; to combine
 * two conditions in one expression, build it from {@link #attributeName()} and {@link #value()}.
 *
 * <p>Thread-safety: implementations are immutable.
 */
public interface BeaconCondition {
    /** The expression attribute name placeholder {@link #expression()} uses. */
    String NAME_PLACEHOLDER = "#coffer_beacon";
    /** The expression attribute value placeholder {@link #expression()} uses. */
    String VALUE_PLACEHOLDER = ":coffer_beacon";

    /** The stored beacon attribute, {@code coffer_b_<name>}. */
    String attributeName();

    /** The beacon string to compare the stored attribute with. */
    String value();

    /** Whether the comparison is {@code begins_with} rather than equality. */
    boolean beginsWith();

    /** {@code #coffer_beacon = :coffer_beacon}, or {@code begins_with(#coffer_beacon, :coffer_beacon)}. */
    default String expression() {
        return beginsWith() ? "begins_with(" + NAME_PLACEHOLDER + ", " + VALUE_PLACEHOLDER + ")"
                : NAME_PLACEHOLDER + " = " + VALUE_PLACEHOLDER;
    }

    default Map<String, String> expressionNames() {
        return Map.of(NAME_PLACEHOLDER, attributeName());
    }

    default Map<String, AttributeValue> expressionValues() {
        return Map.of(VALUE_PLACEHOLDER, AttributeValue.fromS(value()));
    }

    /**
     * Whether a decrypted item really has the values searched for (compared after the beacon's
     * transform, numbers as DynamoDB normalizes them). Give it plaintext: an item as read from the
     * table never matches an encrypted part.
     */
    boolean matches(Map<String, AttributeValue> decryptedItem);
}
