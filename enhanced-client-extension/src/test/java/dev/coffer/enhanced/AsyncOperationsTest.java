package dev.coffer.enhanced;

/** Every operation through the asynchronous Enhanced Client. */
class AsyncOperationsTest extends OperationsContract {
    @Override
    protected SessionStore store(CofferExtension extension, String tableName) {
        return new SessionStore.Async(DYNAMO.enhancedAsync(extension), tableName);
    }
}
