package dev.coffer.testfixtures;

import dev.coffer.dynalite.Dynalite;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The tests' DynamoDB: one dynalite ({@link Dynalite}) per test JVM, started on first use and
 * stopped when the JVM exits, shared by every test class (so none may stop it). Each test takes its own tables
 * ({@link #createTable}, {@link #uniqueName}), so tests never see each other's items.
 *
 * <pre>{@code
 * String table = TestDynamo.createTable("orders", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);
 * TestDynamo.client().putItem(r -> r.tableName(table).item(item));
 * DynamoDbClient traced = TestDynamo.clientBuilder()
 *         .overrideConfiguration(o -> o.addExecutionInterceptor(capture)).build();
 * }</pre>
 *
 * <p>Clients use the endpoint, {@link #REGION} and dummy static credentials. In a JVM with these
 * fixtures, a CreateTable to a local engine returns once the table is ACTIVE ({@link ActiveTables}),
 * whichever client sends it. Dynalite lacks
 * TransactWriteItems, TransactGetItems, Streams and UpdateTimeToLive; those are tested against
 * LocalStack where Docker exists (docs/DEPENDENCIES.md).
 *
 * <p>Thread-safe: every method may be called from any thread; the shared clients are the SDK's
 * thread-safe clients.
 */
public final class TestDynamo {
    /** The region every test client is configured with; dynalite ignores it. */
    public static final Region REGION = Region.US_EAST_1;

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static Dynalite engine;
    private static DynamoDbClient client;
    private static DynamoDbAsyncClient asyncClient;

    private TestDynamo() {
    }

    /** The shared engine's endpoint ({@code http://127.0.0.1:<port>}); starts the engine on first use. */
    public static synchronized URI endpoint() {
        if (engine == null) {
            engine = Dynalite.builder().progress(note -> System.err.println("[coffer-test-fixtures] " + note)).start();
        }
        return engine.endpoint();
    }

    /** The shared synchronous client. Do not close it. */
    public static synchronized DynamoDbClient client() {
        if (client == null) {
            client = clientBuilder().build();
        }
        return client;
    }

    /** The shared asynchronous client. Do not close it. */
    public static synchronized DynamoDbAsyncClient asyncClient() {
        if (asyncClient == null) {
            asyncClient = asyncClientBuilder().build();
        }
        return asyncClient;
    }

    /** A new client builder for the shared engine, for tests that add interceptors or settings; close what you build. */
    public static DynamoDbClientBuilder clientBuilder() {
        return connect(DynamoDbClient.builder(), endpoint());
    }

    /** A new asynchronous client builder for the shared engine; close what you build. */
    public static DynamoDbAsyncClientBuilder asyncClientBuilder() {
        return connect(DynamoDbAsyncClient.builder(), endpoint());
    }

    /** Points {@code builder} at {@code endpoint} with {@link #REGION} and dummy static credentials. */
    public static <B extends AwsClientBuilder<B, ?>> B connect(B builder, URI endpoint) {
        return builder.endpointOverride(endpoint).region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("coffer-test", "coffer-test")));
    }

    /**
     * A dynalite of the caller's own, in memory, for a test that must stop its DynamoDB (an outage);
     * close it when done (it also stops at JVM exit).
     */
    public static Dynalite startPrivateEngine() {
        return Dynalite.builder().start();
    }

    /** {@code prefix-N}, unique in this JVM (table names need at least 3 characters). */
    public static String uniqueName(String prefix) {
        return prefix + "-" + COUNTER.incrementAndGet();
    }

    /** Creates a fresh on-demand table with partition key {@code partitionKey}; returns its name. */
    public static String createTable(String prefix, String partitionKey, ScalarAttributeType partitionKeyType) {
        return createTable(prefix, partitionKey, partitionKeyType, null, null);
    }

    /**
     * Creates a fresh on-demand table named after {@code prefix}, with partition key
     * {@code partitionKey} and, if {@code sortKey} is not null, sort key {@code sortKey}; returns its
     * name. The table is ACTIVE when this returns ({@link ActiveTables}).
     */
    public static String createTable(String prefix, String partitionKey, ScalarAttributeType partitionKeyType,
            String sortKey, ScalarAttributeType sortKeyType) {
        String name = uniqueName(prefix);
        List<KeySchemaElement> keys = new ArrayList<>();
        List<AttributeDefinition> definitions = new ArrayList<>();
        keys.add(KeySchemaElement.builder().attributeName(partitionKey).keyType(KeyType.HASH).build());
        definitions.add(AttributeDefinition.builder().attributeName(partitionKey).attributeType(partitionKeyType).build());
        if (sortKey != null) {
            keys.add(KeySchemaElement.builder().attributeName(sortKey).keyType(KeyType.RANGE).build());
            definitions.add(AttributeDefinition.builder().attributeName(sortKey).attributeType(sortKeyType).build());
        }
        client().createTable(r -> r.tableName(name).keySchema(keys).attributeDefinitions(definitions)
                .billingMode(BillingMode.PAY_PER_REQUEST));
        return name;
    }
}
