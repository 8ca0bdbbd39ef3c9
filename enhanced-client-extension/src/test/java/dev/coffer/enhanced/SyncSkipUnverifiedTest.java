package dev.coffer.enhanced;

import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Skipping unverified items through the synchronous Enhanced Client. */
class SyncSkipUnverifiedTest extends SkipUnverifiedContract {
    @Override
    protected SessionStore store(CofferExtension coffer, boolean readFilter, String tableName) {
        DynamoDbClient ddb = DYNAMO.client(o -> {
            if (readFilter) {
                o.addExecutionInterceptor(coffer.executionInterceptor());
            }
        });
        clients.add(ddb);
        return new SessionStore.Sync(DynamoDbEnhancedClient.builder().dynamoDbClient(ddb).extensions(coffer).build(),
                tableName);
    }
}
