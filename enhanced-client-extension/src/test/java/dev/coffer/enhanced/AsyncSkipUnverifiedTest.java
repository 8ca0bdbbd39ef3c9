package dev.coffer.enhanced;

import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/** Skipping unverified items through the asynchronous Enhanced Client. */
class AsyncSkipUnverifiedTest extends SkipUnverifiedContract {
    @Override
    protected SessionStore store(CofferExtension coffer, boolean readFilter, String tableName) {
        DynamoDbAsyncClient ddb = DYNAMO.asyncClient(o -> {
            if (readFilter) {
                o.addExecutionInterceptor(coffer.executionInterceptor());
            }
        });
        clients.add(ddb);
        return new SessionStore.Async(DynamoDbEnhancedAsyncClient.builder().dynamoDbClient(ddb).extensions(coffer)
                .build(), tableName);
    }
}
