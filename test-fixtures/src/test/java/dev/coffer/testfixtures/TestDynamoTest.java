package dev.coffer.testfixtures;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class TestDynamoTest {

    @Test
    void createTable_twiceWithOnePrefix_givesTwoEmptyTablesWithTheKeys() {
        String a = TestDynamo.createTable("orders", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);
        String b = TestDynamo.createTable("orders", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);
        TestDynamo.client().putItem(r -> r.tableName(a).item(Map.of("pk", AttributeValue.fromS("x"), "sk", AttributeValue.fromN("1"))));

        assertThat(a).startsWith("orders-").isNotEqualTo(b);
        assertThat(TestDynamo.client().scan(r -> r.tableName(a)).items()).hasSize(1);
        assertThat(TestDynamo.client().scan(r -> r.tableName(b)).items()).isEmpty();
        assertThat(TestDynamo.client().describeTable(r -> r.tableName(b)).table().keySchema())
                .extracting(KeySchemaElement::attributeName).containsExactly("pk", "sk");
    }

    @Test
    void clientBuilder_andAsyncClient_reachTheSharedEngine() {
        String t = TestDynamo.createTable("shared", "id", ScalarAttributeType.S);
        TestDynamo.asyncClient().putItem(r -> r.tableName(t).item(Map.of("id", AttributeValue.fromS("1")))).join();

        try (DynamoDbClient own = TestDynamo.clientBuilder().build()) {
            assertThat(own.getItem(r -> r.tableName(t).key(Map.of("id", AttributeValue.fromS("1")))).item()).isNotEmpty();
        }
        assertThat(TestDynamo.endpoint().getHost()).isEqualTo("127.0.0.1");
    }
}
