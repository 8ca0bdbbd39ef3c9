package dev.coffer.beacon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.CryptoAction;
import dev.coffer.IntegrityException;
import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import dev.coffer.materials.SecretBytes;
import dev.coffer.testfixtures.TestDynamo;
import dev.coffer.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Beacons with the low-level client, against the test engine: an index on a beacon, queried and filtered. */
class BeaconsDynaliteTest {
    private static final BeaconKeySource KEY = BeaconKeySource.local(SecretBytes.copyOf(
            "core beacon test key, 32 bytes!!".getBytes(StandardCharsets.US_ASCII)));

    private static String table(DynamoDbClient ddb, String beaconAttribute) {
        String name = TestDynamo.uniqueName("beacons");
        ddb.createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .attributeDefinitions(def("id"), def(beaconAttribute))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("by-beacon")
                        .keySchema(KeySchemaElement.builder().attributeName(beaconAttribute).keyType(KeyType.HASH).build())
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build()));
        return name;
    }

    private static AttributeDefinition def(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static ItemEncryptor encryptor(String table, int bits) {
        return ItemEncryptor.create(TableConfig.builder().tableName(table).partitionKey("id")
                .action("region", CryptoAction.SIGN_ONLY).materialsProvider(TestKeys.staticProvider())
                .beacons(BeaconConfig.builder().keySource(KEY)
                        .addStandardBeacon(StandardBeacon.builder().attribute("email").bits(bits)
                                .transform(BeaconTransform.TRIM_LOWER_CASE).build())
                        .addCompoundBeacon(CompoundBeacon.builder().name("region_email").addSignedPart("R-", "region")
                                .addEncryptedPart("E-", "email").build())
                        .build())
                .build());
    }

    private static List<Map<String, AttributeValue>> query(DynamoDbClient ddb, String table, BeaconCondition c) {
        QueryResponse r = ddb.query(q -> q.tableName(table).indexName("by-beacon").keyConditionExpression(c.expression())
                .expressionAttributeNames(c.expressionNames()).expressionAttributeValues(c.expressionValues()));
        return r.items();
    }

    @Test
    void lowLevelQuery_oneBitBeacon_decryptMatchingReturnsExactlyTheMatches() {
        DynamoDbClient ddb = TestDynamo.client();
        String table = table(ddb, "coffer_b_email");
        ItemEncryptor enc = encryptor(table, 1);
        for (int i = 0; i < 20; i++) {
            Map<String, AttributeValue> item = Map.of("id", AttributeValue.fromS("u" + i),
                    "email", AttributeValue.fromS(" User" + (i % 5) + "@Example.com"),
                    "region", AttributeValue.fromS("eu"));
            ddb.putItem(r -> r.tableName(table).item(enc.encrypt(item)));
        }
        BeaconCondition c = enc.beaconCondition(BeaconQuery.equalTo("email", "user2@example.com"));

        List<Map<String, AttributeValue>> page = query(ddb, table, c);
        List<Map<String, AttributeValue>> found = enc.decryptMatching(page, c);

        assertThat(page.size()).as("the index returns the false positives too").isGreaterThan(4);
        List<String> ids = new ArrayList<>();
        found.forEach(m -> ids.add(m.get("id").s()));
        assertThat(ids).containsExactlyInAnyOrder("u2", "u7", "u12", "u17");
        assertThat(found).allSatisfy(m -> assertThat(m).doesNotContainKey("coffer_b_email"));
    }

    @Test
    void lowLevelQuery_compoundBeaconIndex_findsBySignedAndEncryptedPart() {
        DynamoDbClient ddb = TestDynamo.client();
        String table = table(ddb, "coffer_b_region_email");
        ItemEncryptor enc = encryptor(table, 16);
        String[][] rows = {{"a", "eu", "alice@example.com"}, {"b", "us", "alice@example.com"}, {"c", "eu", "bob@x.org"}};
        for (String[] row : rows) {
            ddb.putItem(r -> r.tableName(table).item(enc.encrypt(Map.of("id", AttributeValue.fromS(row[0]),
                    "region", AttributeValue.fromS(row[1]), "email", AttributeValue.fromS(row[2])))));
        }
        BeaconCondition c = enc.beaconCondition(BeaconQuery.compound("region_email").part("eu").part("Alice@example.com")
                .build());

        List<Map<String, AttributeValue>> found = enc.decryptMatching(query(ddb, table, c), c);

        assertThat(found).singleElement().satisfies(m -> assertThat(m.get("id").s()).isEqualTo("a"));
    }

    @Test
    void lowLevelQuery_beaconChangedInTable_failsClosed() {
        DynamoDbClient ddb = TestDynamo.client();
        String table = table(ddb, "coffer_b_email");
        ItemEncryptor enc = encryptor(table, 16);
        ddb.putItem(r -> r.tableName(table).item(enc.encrypt(Map.of("id", AttributeValue.fromS("m"),
                "email", AttributeValue.fromS("mallory@example.com"), "region", AttributeValue.fromS("eu")))));
        BeaconCondition alice = enc.beaconCondition(BeaconQuery.equalTo("email", "alice@example.com"));
        ddb.updateItem(r -> r.tableName(table).key(Map.of("id", AttributeValue.fromS("m")))
                .updateExpression("SET coffer_b_email = :b")
                .expressionAttributeValues(Map.of(":b", AttributeValue.fromS(alice.value()))));

        List<Map<String, AttributeValue>> page = query(ddb, table, alice);

        assertThat(page).hasSize(1);
        assertThatThrownBy(() -> enc.decryptMatching(page, alice)).isInstanceOf(IntegrityException.class);
    }
}
