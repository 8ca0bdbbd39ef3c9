package dev.coffer.enhanced.testing;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
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
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * One in-memory DynamoDB Local, listening on 127.0.0.1, per test class ({@code @RegisterExtension
 * static}); tests create their own tables with {@link #uniqueName}. Clients go through the SDK's
 * whole HTTP pipeline, so execution interceptors given to {@link #client(Consumer)} run.
 */
public final class LocalDynamo implements BeforeAllCallback, AfterAllCallback {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private DynamoDBProxyServer server;
    private URI endpoint;
    private DynamoDbClient client;
    private DynamoDbAsyncClient asyncClient;
    private DynamoDbStreamsClient streamsClient;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        PrintStream saved = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream())); // DynamoDB Local prints a banner
        try {
            server = ServerRunner.createServerFromCommandLineArgs(new String[] {"-inMemory", "-port",
                Integer.toString(port), "-disableTelemetry"});
            server.start();
        } finally {
            System.setOut(saved);
        }
        endpoint = URI.create("http://127.0.0.1:" + port);
        client = client(o -> { });
        asyncClient = asyncClient(o -> { });
        streamsClient = DynamoDbStreamsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).build();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null) {
            client.close();
            asyncClient.close();
            streamsClient.close();
            server.stop();
        }
    }

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    public DynamoDbClient client() {
        return client;
    }

    public DynamoDbAsyncClient asyncClient() {
        return asyncClient;
    }

    /** A new client of this engine with {@code overrides} (for example an execution interceptor); close it. */
    public DynamoDbClient client(Consumer<ClientOverrideConfiguration.Builder> overrides) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                .overrideConfiguration(overrides).build();
    }

    /** A new async client of this engine with {@code overrides}; close it. */
    public DynamoDbAsyncClient asyncClient(Consumer<ClientOverrideConfiguration.Builder> overrides) {
        return DynamoDbAsyncClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).overrideConfiguration(overrides).build();
    }

    public DynamoDbStreamsClient streamsClient() {
        return streamsClient;
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
