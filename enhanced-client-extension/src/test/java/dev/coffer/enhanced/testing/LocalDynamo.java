package dev.coffer.enhanced.testing;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClientExtension;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.model.EnhancedGlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * One embedded DynamoDB Local per test class ({@code @RegisterExtension static}); tests create
 * their own tables with {@link #uniqueName}.
 */
public final class LocalDynamo implements BeforeAllCallback, AfterAllCallback {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private AmazonDynamoDBLocal local;

    @Override
    public void beforeAll(ExtensionContext context) {
        local = DynamoDBEmbedded.create();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (local != null) {
            local.shutdown();
        }
    }

    public DynamoDbClient client() {
        return local.dynamoDbClient();
    }

    public DynamoDbAsyncClient asyncClient() {
        return local.dynamoDbAsyncClient();
    }

    public DynamoDbStreamsClient streamsClient() {
        return local.dynamoDbStreamsClient();
    }

    public DynamoDbEnhancedClient enhanced(DynamoDbEnhancedClientExtension... extensions) {
        return DynamoDbEnhancedClient.builder().dynamoDbClient(client()).extensions(extensions).build();
    }

    public DynamoDbEnhancedAsyncClient enhancedAsync(DynamoDbEnhancedClientExtension... extensions) {
        return DynamoDbEnhancedAsyncClient.builder().dynamoDbClient(asyncClient()).extensions(extensions).build();
    }

    public static String uniqueName(String prefix) {
        return prefix + "-" + COUNTER.incrementAndGet();
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
