package dev.coffer.enhanced;

import dev.coffer.enhanced.testing.LocalDynamo;
import dev.coffer.enhanced.testing.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClientExtension;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.IgnoreNullsMode;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.ReadBatch;
import software.amazon.awssdk.enhanced.dynamodb.model.WriteBatch;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Every Enhanced Client operation the extension must support, once through the sync client and
 * once through the async one, so one set of tests covers both. Async failures are unwrapped from
 * {@link CompletionException} so both report the same exception.
 */
interface SessionStore {
    void createTable();

    void put(Session s);

    Session get(String userId, String sessionId);

    Session delete(String userId, String sessionId);

    /** Every page of a query on the user's sessions, {@code pageSize} items per page. */
    List<List<Session>> queryPages(String userId, int pageSize);

    List<List<Session>> scanPages(int pageSize);

    List<Session> queryIndex(String indexName, String status);

    List<Session> batchGet(List<Key> keys);

    void batchWrite(List<Session> puts, List<Key> deletes);

    List<Session> transactGet(List<Key> keys);

    /** One transaction: put {@code put}, update {@code update} (whole item), delete {@code delete}, check {@code check} exists. */
    void transactWrite(Session put, Session update, Key delete, Key check);

    /** updateItem of {@code s}: whole item ({@code IgnoreNullsMode.DEFAULT}), or ignoring its null fields ({@code MAPS_ONLY}). */
    Session update(Session s, boolean ignoreNulls);

    /** Which Enhanced Client a store goes through. */
    enum Client { SYNC, ASYNC }

    /** A store on {@code tableName} through {@code client}: the sync one over {@code ddb}, or the async one over {@code asyncDdb}. */
    static SessionStore of(Client client, DynamoDbClient ddb, DynamoDbAsyncClient asyncDdb,
            DynamoDbEnhancedClientExtension extension, String tableName) {
        return client == Client.SYNC
                ? new Sync(DynamoDbEnhancedClient.builder().dynamoDbClient(ddb).extensions(extension).build(), tableName)
                : new Async(DynamoDbEnhancedAsyncClient.builder().dynamoDbClient(asyncDdb).extensions(extension).build(), tableName);
    }

    static IgnoreNullsMode mode(boolean ignoreNulls) {
        return ignoreNulls ? IgnoreNullsMode.MAPS_ONLY : IgnoreNullsMode.DEFAULT;
    }

    static Key key(String userId, String sessionId) {
        return Key.builder().partitionValue(userId).sortValue(sessionId).build();
    }

    Expression EXISTS = Expression.builder().expression("attribute_exists(userId)").build();

    final class Sync implements SessionStore {
        private final DynamoDbEnhancedClient client;
        private final DynamoDbTable<Session> table;

        Sync(DynamoDbEnhancedClient client, String tableName) {
            this.client = client;
            this.table = client.table(tableName, TableSchema.fromBean(Session.class));
        }

        @Override
        public void createTable() {
            LocalDynamo.createSessionTable(table);
        }

        @Override
        public void put(Session s) {
            table.putItem(s);
        }

        @Override
        public Session get(String userId, String sessionId) {
            return table.getItem(key(userId, sessionId));
        }

        @Override
        public Session delete(String userId, String sessionId) {
            return table.deleteItem(key(userId, sessionId));
        }

        @Override
        public List<List<Session>> queryPages(String userId, int pageSize) {
            return table.query(r -> r.queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(userId)))
                    .limit(pageSize)).stream().map(Page::items).toList();
        }

        @Override
        public List<List<Session>> scanPages(int pageSize) {
            return table.scan(r -> r.limit(pageSize)).stream().map(Page::items).toList();
        }

        @Override
        public List<Session> queryIndex(String indexName, String status) {
            return table.index(indexName).query(QueryConditional.keyEqualTo(k -> k.partitionValue(status))).stream()
                    .flatMap(p -> p.items().stream()).toList();
        }

        @Override
        public List<Session> batchGet(List<Key> keys) {
            ReadBatch.Builder<Session> batch = ReadBatch.builder(Session.class).mappedTableResource(table);
            keys.forEach(batch::addGetItem);
            return client.batchGetItem(r -> r.readBatches(batch.build())).resultsForTable(table).stream().toList();
        }

        @Override
        public void batchWrite(List<Session> puts, List<Key> deletes) {
            WriteBatch.Builder<Session> batch = WriteBatch.builder(Session.class).mappedTableResource(table);
            puts.forEach(batch::addPutItem);
            deletes.forEach(batch::addDeleteItem);
            client.batchWriteItem(r -> r.writeBatches(batch.build()));
        }

        @Override
        public List<Session> transactGet(List<Key> keys) {
            return client.transactGetItems(r -> keys.forEach(k -> r.addGetItem(table, k))).stream()
                    .map(d -> d.getItem(table)).toList();
        }

        @Override
        public void transactWrite(Session put, Session update, Key delete, Key check) {
            client.transactWriteItems(r -> r.addPutItem(table, put)
                    .addUpdateItem(table, update)
                    .addDeleteItem(table, delete)
                    .addConditionCheck(table, c -> c.key(check).conditionExpression(EXISTS)));
        }

        @Override
        public Session update(Session s, boolean ignoreNulls) {
            return table.updateItem(r -> r.item(s).ignoreNullsMode(mode(ignoreNulls)));
        }
    }

    final class Async implements SessionStore {
        private final DynamoDbEnhancedAsyncClient client;
        private final DynamoDbAsyncTable<Session> table;

        Async(DynamoDbEnhancedAsyncClient client, String tableName) {
            this.client = client;
            this.table = client.table(tableName, TableSchema.fromBean(Session.class));
        }

        static <T> T join(CompletableFuture<T> f) {
            try {
                return f.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
        }

        @Override
        public void createTable() {
            join(table.createTable(r -> r.globalSecondaryIndices(LocalDynamo.sessionIndexes())));
        }

        @Override
        public void put(Session s) {
            join(table.putItem(s));
        }

        @Override
        public Session get(String userId, String sessionId) {
            return join(table.getItem(key(userId, sessionId)));
        }

        @Override
        public Session delete(String userId, String sessionId) {
            return join(table.deleteItem(key(userId, sessionId)));
        }

        @Override
        public List<List<Session>> queryPages(String userId, int pageSize) {
            List<List<Session>> pages = new ArrayList<>();
            join(table.query(r -> r.queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(userId)))
                    .limit(pageSize)).subscribe(p -> pages.add(p.items())));
            return pages;
        }

        @Override
        public List<List<Session>> scanPages(int pageSize) {
            List<List<Session>> pages = new ArrayList<>();
            join(table.scan(r -> r.limit(pageSize)).subscribe(p -> pages.add(p.items())));
            return pages;
        }

        @Override
        public List<Session> queryIndex(String indexName, String status) {
            List<Session> out = new ArrayList<>();
            join(table.index(indexName).query(QueryConditional.keyEqualTo(k -> k.partitionValue(status)))
                    .subscribe(p -> out.addAll(p.items())));
            return out;
        }

        @Override
        public List<Session> batchGet(List<Key> keys) {
            ReadBatch.Builder<Session> batch = ReadBatch.builder(Session.class).mappedTableResource(table);
            keys.forEach(batch::addGetItem);
            List<Session> out = new ArrayList<>();
            join(client.batchGetItem(r -> r.readBatches(batch.build())).resultsForTable(table).subscribe(out::add));
            return out;
        }

        @Override
        public void batchWrite(List<Session> puts, List<Key> deletes) {
            WriteBatch.Builder<Session> batch = WriteBatch.builder(Session.class).mappedTableResource(table);
            puts.forEach(batch::addPutItem);
            deletes.forEach(batch::addDeleteItem);
            join(client.batchWriteItem(r -> r.writeBatches(batch.build())));
        }

        @Override
        public List<Session> transactGet(List<Key> keys) {
            return join(client.transactGetItems(r -> keys.forEach(k -> r.addGetItem(table, k)))).stream()
                    .map(d -> d.getItem(table)).toList();
        }

        @Override
        public void transactWrite(Session put, Session update, Key delete, Key check) {
            join(client.transactWriteItems(r -> r.addPutItem(table, put)
                    .addUpdateItem(table, update)
                    .addDeleteItem(table, delete)
                    .addConditionCheck(table, c -> c.key(check).conditionExpression(EXISTS))));
        }

        @Override
        public Session update(Session s, boolean ignoreNulls) {
            return join(table.updateItem(r -> r.item(s).ignoreNullsMode(mode(ignoreNulls))));
        }
    }
}
