package dev.coffer.enhanced;

import dev.coffer.enhanced.testing.LocalDynamo;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every operation through the asynchronous Enhanced Client. */
class AsyncOperationsTest extends OperationsContract {
    @RegisterExtension
    static final LocalDynamo DYNAMO = new LocalDynamo();

    @Override
    protected LocalDynamo dynamo() {
        return DYNAMO;
    }

    @Override
    protected SessionStore store(CofferExtension extension, String tableName) {
        return new SessionStore.Async(DYNAMO.enhancedAsync(extension), tableName);
    }
}
