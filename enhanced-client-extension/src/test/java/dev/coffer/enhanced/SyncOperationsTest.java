package dev.coffer.enhanced;

/** Every operation through the synchronous Enhanced Client. */
class SyncOperationsTest extends OperationsContract {
    @Override
    protected SessionStore store(CofferExtension extension, String tableName) {
        return new SessionStore.Sync(DYNAMO.enhanced(extension), tableName);
    }
}
