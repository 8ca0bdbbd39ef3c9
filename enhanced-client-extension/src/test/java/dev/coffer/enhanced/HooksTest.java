package dev.coffer.enhanced;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.InvalidItemException;
import dev.coffer.ItemEncryptor;
import dev.coffer.enhanced.testing.Keys;
import dev.coffer.enhanced.testing.Session;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbExtensionContext;
import software.amazon.awssdk.enhanced.dynamodb.OperationContext;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.extensions.ReadModification;
import software.amazon.awssdk.enhanced.dynamodb.extensions.WriteModification;
import software.amazon.awssdk.enhanced.dynamodb.internal.operations.OperationName;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The two hooks called directly, with contexts built here: what the extension does when a caller
 * passes no table schema (the interface's default), and with empty items.
 */
class HooksTest {
    private static final TableSchema<Session> SCHEMA = TableSchema.fromBean(Session.class);
    private final CofferExtension coffer = CofferExtension.create(Keys.staticProvider());

    /** A context without a table schema: {@code tableSchema()} keeps the interface's default, which throws. */
    private record Context(Map<String, AttributeValue> items, OperationName operationName)
            implements DynamoDbExtensionContext.BeforeWrite, DynamoDbExtensionContext.AfterRead {
        @Override
        public OperationContext operationContext() {
            return new OperationContext() {
                @Override
                public String tableName() {
                    return "sessions";
                }

                @Override
                public String indexName() {
                    return TableMetadata.primaryIndexName();
                }
            };
        }

        @Override
        public TableMetadata tableMetadata() {
            return SCHEMA.tableMetadata();
        }
    }

    private static Map<String, AttributeValue> item() {
        return SCHEMA.itemToMap(Session.sample("alice", "s1"), true);
    }

    @Test
    void withoutTableSchema_putAndReadStillProtect() {
        Map<String, AttributeValue> item = item();
        WriteModification written = coffer.beforeWrite(new Context(item, OperationName.PUT_ITEM));

        assertThat(written.transformedItem()).containsKeys(ItemEncryptor.HEADER_ATTRIBUTE,
                ItemEncryptor.SIGNATURE_ATTRIBUTE);
        assertThat(written.transformedItem().get("token").b()).isNotNull();
        ReadModification read = coffer.afterRead(new Context(written.transformedItem(), OperationName.NONE));
        assertThat(read.transformedItem()).isEqualTo(item);
    }

    @Test
    void withoutTableSchema_updateCannotBeKnownWhole_isTreatedAsPartial() {
        assertThatThrownBy(() -> coffer.beforeWrite(new Context(item(), OperationName.UPDATE_ITEM)))
                .isInstanceOf(InvalidItemException.class)
                .hasMessageContaining("does not list every attribute");
    }

    @Test
    void partialDoNothingUpdate_addsConditionThatTheStoredItemHasAHeaderAndListsTheAttributeUnsigned() {
        Map<String, AttributeValue> partial = new HashMap<>();
        partial.put("userId", AttributeValue.fromS("alice"));
        partial.put("sessionId", AttributeValue.fromS("s1"));
        partial.put("lastSeen", AttributeValue.fromN("5"));

        WriteModification m = coffer.beforeWrite(new Context(partial, OperationName.UPDATE_ITEM));

        assertThat(m.transformedItem()).isNull();
        assertThat(m.additionalConditionalExpression().expression()).isEqualTo(
                "attribute_exists(#coffer_header_exists) AND contains(#coffer_unsigned, :coffer_unsigned_0)");
        assertThat(m.additionalConditionalExpression().expressionNames()).containsOnly(
                Map.entry("#coffer_header_exists", ItemEncryptor.HEADER_ATTRIBUTE),
                Map.entry("#coffer_unsigned", CofferExtension.UNSIGNED_ATTRIBUTE));
        assertThat(m.additionalConditionalExpression().expressionValues()).containsOnly(
                Map.entry(":coffer_unsigned_0", AttributeValue.fromS("lastSeen")));
    }

    @Test
    void emptyItems_areLeftAlone() {
        assertThat(coffer.beforeWrite(new Context(Map.of(), OperationName.PUT_ITEM)).transformedItem()).isNull();
        assertThat(coffer.afterRead(new Context(Map.of(), OperationName.NONE)).transformedItem()).isNull();
    }
}
