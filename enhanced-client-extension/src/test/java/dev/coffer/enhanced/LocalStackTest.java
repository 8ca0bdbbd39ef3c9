package dev.coffer.enhanced;

import static dev.coffer.enhanced.SessionStore.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.ItemEncryptor;
import dev.coffer.enhanced.SessionStore.Client;
import dev.coffer.enhanced.testing.Keys;
import dev.coffer.enhanced.testing.RawItems;
import dev.coffer.enhanced.testing.Session;
import dev.coffer.testfixtures.TestDynamo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * What the test engine (dynalite) lacks, end to end on LocalStack's DynamoDB: TransactWriteItems and
 * TransactGetItems through the sync and async Enhanced Clients, and a DynamoDB Streams record read
 * and decrypted by a consumer. Needs a Docker engine; without one the class is skipped. Set
 * {@code LOCALSTACK_AUTH_TOKEN} if your LocalStack image asks for one. Without Docker the same paths
 * are covered at the SDK boundary by {@link TransactionsTest} and {@link StreamsTest}.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackTest {
    static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.4");

    @Container
    static final LocalStackContainer LOCALSTACK = localStack();

    private static DynamoDbClient ddb;
    private static DynamoDbAsyncClient asyncDdb;
    private final CofferExtension coffer = CofferExtension.create(Keys.staticProvider());

    private static LocalStackContainer localStack() {
        LocalStackContainer c = new LocalStackContainer(IMAGE).withServices("dynamodb");
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        return token == null || token.isEmpty() ? c : c.withEnv("LOCALSTACK_AUTH_TOKEN", token);
    }

    @BeforeAll
    static void connect() {
        ddb = TestDynamo.connect(DynamoDbClient.builder(), LOCALSTACK.getEndpoint()).build();
        asyncDdb = TestDynamo.connect(DynamoDbAsyncClient.builder(), LOCALSTACK.getEndpoint()).build();
    }

    @AfterAll
    static void disconnect() {
        if (ddb != null) {
            ddb.close();
            asyncDdb.close();
        }
    }

    private SessionStore store(Client client, String tableName) {
        SessionStore store = SessionStore.of(client, ddb, asyncDdb, coffer, tableName);
        store.createTable();
        return store;
    }

    private static Map<String, AttributeValue> raw(String tableName, String userId, String sessionId) {
        return ddb.getItem(r -> r.tableName(tableName).key(Map.of("userId", AttributeValue.fromS(userId),
                "sessionId", AttributeValue.fromS(sessionId)))).item();
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void transactWriteItems_putUpdateDeleteAndCheck_transactGetItemsDecrypts(Client client) {
        String tableName = TestDynamo.uniqueName("transacted");
        SessionStore store = store(client, tableName);
        Session kept = Session.sample("dave", "s0");
        store.put(kept);
        store.put(Session.sample("bob", "s2"));
        store.put(Session.sample("carol", "s3"));
        Session put = Session.sample("alice", "s1");
        Session updated = Session.sample("bob", "s2");
        updated.setStatus("REVOKED");

        store.transactWrite(put, updated, key("carol", "s3"), key("dave", "s0"));

        RawItems.assertProtected(raw(tableName, "alice", "s1"), put);
        RawItems.assertProtected(raw(tableName, "bob", "s2"), updated);
        assertThat(raw(tableName, "carol", "s3")).isEmpty();
        assertThat(store.transactGet(List.of(key("alice", "s1"), key("bob", "s2"), key("dave", "s0"))))
                .containsExactly(put, updated, kept);
    }

    @Test
    void streamRecord_carriesCiphertext_andDecryptsWithTheTableConfig() {
        String tableName = TestDynamo.uniqueName("streamed");
        DynamoDbTable<Session> sessions = DynamoDbEnhancedClient.builder().dynamoDbClient(ddb).extensions(coffer).build()
                .table(tableName, TableSchema.fromBean(Session.class));
        sessions.createTable(r -> r.streamSpecification(s -> s.streamEnabled(true)
                .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        Session written = Session.sample("alice", "s1");

        sessions.putItem(written);

        List<Record> records = records(tableName);
        assertThat(records).hasSize(1);
        Map<String, AttributeValue> image = records.get(0).dynamodb().newImage();
        RawItems.assertProtected(image, written);
        ItemEncryptor consumer = ItemEncryptor.create(coffer.tableConfig(tableName, sessions.tableSchema()));
        assertThat(sessions.tableSchema().mapToItem(consumer.decrypt(image))).isEqualTo(written);
    }

    private static List<Record> records(String tableName) {
        try (DynamoDbStreamsClient streams = TestDynamo.connect(DynamoDbStreamsClient.builder(), LOCALSTACK.getEndpoint())
                .build()) {
            String arn = ddb.describeTable(r -> r.tableName(tableName)).table().latestStreamArn();
            List<Record> out = new ArrayList<>();
            for (Shard shard : streams.describeStream(r -> r.streamArn(arn)).streamDescription().shards()) {
                String iterator = streams.getShardIterator(r -> r.streamArn(arn).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                out.addAll(streams.getRecords(r -> r.shardIterator(iterator)).records());
            }
            return out;
        }
    }
}
