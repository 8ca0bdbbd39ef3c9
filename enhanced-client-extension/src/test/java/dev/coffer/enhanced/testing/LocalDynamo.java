package dev.coffer.enhanced.testing;

import dev.coffer.testfixtures.TestDynamo;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClientExtension;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.model.EnhancedGlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

/**
 * The extension tests' access to the shared test engine ({@link TestDynamo}: one dynalite per test
 * JVM), registered as {@code @RegisterExtension static final LocalDynamo DYNAMO = new LocalDynamo()}.
 * Registering it only makes sure the engine runs before the class's tests; it stops nothing (the
 * engine is shared and stops at JVM exit). Tests create their own tables with {@link #uniqueName}.
 * The engine has no Streams or transactions: those run on LocalStack ({@code LocalStackTest}).
 */
public final class LocalDynamo implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        TestDynamo.endpoint();
    }

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    public DynamoDbClient client() {
        return TestDynamo.client();
    }

    public DynamoDbAsyncClient asyncClient() {
        return TestDynamo.asyncClient();
    }

    /** A new client of the engine with {@code overrides} (for example an execution interceptor); close it. */
    public DynamoDbClient client(Consumer<ClientOverrideConfiguration.Builder> overrides) {
        return TestDynamo.clientBuilder().overrideConfiguration(overrides).build();
    }

    /** A new async client of the engine with {@code overrides}; close it. */
    public DynamoDbAsyncClient asyncClient(Consumer<ClientOverrideConfiguration.Builder> overrides) {
        return TestDynamo.asyncClientBuilder().overrideConfiguration(overrides).build();
    }

    public DynamoDbEnhancedClient enhanced(DynamoDbEnhancedClientExtension... extensions) {
        return DynamoDbEnhancedClient.builder().dynamoDbClient(client()).extensions(extensions).build();
    }

    public DynamoDbEnhancedAsyncClient enhancedAsync(DynamoDbEnhancedClientExtension... extensions) {
        return DynamoDbEnhancedAsyncClient.builder().dynamoDbClient(asyncClient()).extensions(extensions).build();
    }

    public static String uniqueName(String prefix) {
        return TestDynamo.uniqueName(prefix);
    }

    /** Creates the session table with its two indexes: by_status (ALL) and by_status_keys (KEYS_ONLY). */
    public static void createSessionTable(DynamoDbTable<Session> table) {
        table.createTable(r -> r.globalSecondaryIndices(sessionIndexes()));
    }

    public static List<EnhancedGlobalSecondaryIndex> sessionIndexes() {
        return List.of(
                EnhancedGlobalSecondaryIndex.builder().indexName(Session.BY_STATUS)
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build(),
                EnhancedGlobalSecondaryIndex.builder().indexName(Session.BY_STATUS_KEYS)
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build());
    }
}
