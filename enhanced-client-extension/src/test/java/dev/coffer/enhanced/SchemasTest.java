package dev.coffer.enhanced;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.IntegrityException;
import dev.coffer.InvalidItemException;
import dev.coffer.MaterialsException;
import dev.coffer.enhanced.testing.Keys;
import dev.coffer.enhanced.testing.LocalDynamo;
import dev.coffer.enhanced.testing.RawItems;
import dev.coffer.enhanced.testing.Session;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverterProvider;
import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.document.EnhancedDocument;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Schemas other than the annotated session bean: static, document, per-table provider, logical names. */
class SchemasTest {
    @RegisterExtension
    static final LocalDynamo DYNAMO = new LocalDynamo();

    private final CofferExtension coffer = CofferExtension.create(Keys.staticProvider());

    private static Map<String, AttributeValue> raw(String table, Map<String, AttributeValue> key) {
        return DYNAMO.client().getItem(r -> r.tableName(table).key(key)).item();
    }

    @Test
    void staticSchema_tagsApplied_roundTrips() {
        String name = LocalDynamo.uniqueName("plain");
        DynamoDbTable<ConfigurationTest.Plain> table = DYNAMO.enhanced(coffer).table(name, ConfigurationTest.plainSchema());
        table.createTable();
        ConfigurationTest.Plain p = new ConfigurationTest.Plain();
        p.setId("p1");
        p.setStatus("OPEN");
        p.setNote("free text");
        p.setExpires(1_900_000_000L);
        p.setSecret("static-SECRET");

        table.putItem(p);

        Map<String, AttributeValue> raw = raw(name, Map.of("id", AttributeValue.fromS("p1")));
        assertThat(raw.get("status").s()).isEqualTo("OPEN");
        assertThat(raw.get("note").s()).isEqualTo("free text");
        assertThat(raw.get("expires").n()).isEqualTo("1900000000");
        assertThat(RawItems.contains(RawItems.allBytes(raw), "static-SECRET")).isFalse();
        ConfigurationTest.Plain read = table.getItem(Key.builder().partitionValue("p1").build());
        assertThat(read.getSecret()).isEqualTo("static-SECRET");
        assertThat(read.getStatus()).isEqualTo("OPEN");
    }

    @Test
    void documentTable_encryptsEveryNonKeyAttribute_partialUpdateRefused() {
        String name = LocalDynamo.uniqueName("docs");
        TableSchema<EnhancedDocument> schema = TableSchema.documentSchemaBuilder()
                .addIndexPartitionKey(TableMetadata.primaryIndexName(), "pk", AttributeValueType.S)
                .attributeConverterProviders(AttributeConverterProvider.defaultProvider())
                .build();
        DynamoDbTable<EnhancedDocument> table = DYNAMO.enhanced(coffer).table(name, schema);
        table.createTable();
        EnhancedDocument doc = EnhancedDocument.builder()
                .attributeConverterProviders(AttributeConverterProvider.defaultProvider())
                .putString("pk", "d1")
                .putString("secret", "doc-SECRET")
                .putJson("profile", "{\"email\":\"doc-SECRET@example.com\"}")
                .build();

        table.putItem(doc);

        Map<String, AttributeValue> raw = raw(name, Map.of("pk", AttributeValue.fromS("d1")));
        assertThat(raw.get("secret").b()).isNotNull();
        assertThat(RawItems.contains(RawItems.allBytes(raw), "doc-SECRET")).isFalse();
        EnhancedDocument read = table.getItem(Key.builder().partitionValue("d1").build());
        assertThat(read.getString("secret")).isEqualTo("doc-SECRET");
        assertThat(read.getJson("profile")).contains("doc-SECRET@example.com");
        // A document lists no schema attributes, so an update cannot be known to be whole.
        assertThatThrownBy(() -> table.updateItem(doc)).isInstanceOf(InvalidItemException.class)
                .hasMessageContaining("[profile, secret]");
    }

    @Test
    void perTableProvider_itemsUnreadableWithTheDefaultProvider() {
        String name = LocalDynamo.uniqueName("wrapped");
        CofferExtension perTable = CofferExtension.builder().materialsProvider(Keys.staticProvider())
                .table(name, o -> o.materialsProvider(Keys.wrappedProvider())).build();
        DynamoDbTable<Session> table = DYNAMO.enhanced(perTable).table(name, TableSchema.fromBean(Session.class));
        LocalDynamo.createSessionTable(table);
        Session s = Session.sample("alice", "s1");
        table.putItem(s);

        assertThat(table.getItem(s)).isEqualTo(s);
        DynamoDbTable<Session> wrongProvider = DYNAMO.enhanced(coffer).table(name, TableSchema.fromBean(Session.class));
        assertThatThrownBy(() -> wrongProvider.getItem(s)).isInstanceOf(MaterialsException.class)
                .hasMessageContaining("'wrapped'");
    }

    @Test
    void logicalTableName_itemsCopiedToARestoredTableStillVerify_otherwiseNot() {
        String original = LocalDynamo.uniqueName("sessions");
        String restored = LocalDynamo.uniqueName("sessions-restored");
        CofferExtension logical = CofferExtension.builder().materialsProvider(Keys.staticProvider())
                .table(original, o -> o.logicalTableName("sessions"))
                .table(restored, o -> o.logicalTableName("sessions"))
                .build();
        DynamoDbTable<Session> from = DYNAMO.enhanced(logical).table(original, TableSchema.fromBean(Session.class));
        DynamoDbTable<Session> to = DYNAMO.enhanced(logical).table(restored, TableSchema.fromBean(Session.class));
        DynamoDbTable<Session> bound = DYNAMO.enhanced(coffer).table(restored, TableSchema.fromBean(Session.class));
        LocalDynamo.createSessionTable(from);
        LocalDynamo.createSessionTable(to);
        Session s = Session.sample("alice", "s1");
        from.putItem(s);

        Map<String, AttributeValue> key = Map.of("userId", AttributeValue.fromS("alice"),
                "sessionId", AttributeValue.fromS("s1"));
        DYNAMO.client().putItem(r -> r.tableName(restored).item(raw(original, key)));

        assertThat(to.getItem(s)).isEqualTo(s);
        assertThatThrownBy(() -> bound.getItem(s)).as("bound to the physical table name")
                .isInstanceOf(IntegrityException.class);
    }
}
