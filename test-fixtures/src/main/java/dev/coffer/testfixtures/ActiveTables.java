package dev.coffer.testfixtures;

import dev.coffer.dynalite.Dynalite;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * Makes a CreateTable sent to a DynamoDB on this machine return only once the table is ACTIVE, for
 * every SDK client in a JVM that has the test fixtures on its class path (registered in
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}). dynalite answers
 * CreateTable with CREATING and turns the table ACTIVE a moment later even with
 * {@code --createTableMs 0}, so a test that writes right after creating its table (through the
 * Enhanced Client's {@code createTable()}, say) would otherwise race it; and the SDK's own waiter
 * sleeps 20 s after seeing CREATING. Requests to other hosts are left alone.
 *
 * <p>Thread-safe.
 */
public final class ActiveTables implements ExecutionInterceptor {
    private static final Map<URI, DynamoDbWaiter> WAITERS = new ConcurrentHashMap<>();

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.response() instanceof CreateTableResponse created) {
            SdkHttpRequest http = context.httpRequest();
            if (Dynalite.isLoopback(http.host())) {
                URI endpoint = URI.create(http.protocol() + "://" + http.host() + ":" + http.port());
                waiter(endpoint).waitUntilTableExists(r -> r.tableName(created.tableDescription().tableName()));
            }
        }
    }

    /** A waiter polling every few milliseconds, for at most 30 s, through a client of its own. */
    static DynamoDbWaiter waiter(URI endpoint) {
        return WAITERS.computeIfAbsent(endpoint, e -> DynamoDbWaiter.builder()
                .client(TestDynamo.connect(DynamoDbClient.builder(), e).build())
                .overrideConfiguration(WaiterOverrideConfiguration.builder()
                        .backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(5)))
                        .maxAttempts(Integer.MAX_VALUE).waitTimeout(Duration.ofSeconds(30)).build())
                .build());
    }
}
