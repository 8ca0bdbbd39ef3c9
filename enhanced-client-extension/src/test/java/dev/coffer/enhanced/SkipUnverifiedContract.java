package dev.coffer.enhanced;

import static dev.coffer.enhanced.SessionStore.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.ConfigurationException;
import dev.coffer.IntegrityException;
import dev.coffer.MaterialsException;
import dev.coffer.SkippedItem;
import dev.coffer.SkippedItemListener;
import dev.coffer.enhanced.testing.Keys;
import dev.coffer.enhanced.testing.LocalDynamo;
import dev.coffer.enhanced.testing.Session;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Opt-in skipping of items that fail verification, on query, scan, index query and batchGetItem,
 * through the sync and async subclasses, on a real engine with the read filter registered on the
 * low-level client. Items are tampered with through the low-level client, as anyone with write
 * access to the table could.
 */
abstract class SkipUnverifiedContract {
    @RegisterExtension
    static final LocalDynamo DYNAMO = new LocalDynamo();

    protected final List<AutoCloseable> clients = new ArrayList<>();
    protected final List<SkippedItem> skipped = new CopyOnWriteArrayList<>();
    protected String tableName;

    /** A store for {@code tableName} on a client with {@code coffer}'s read filter, or without it. */
    protected abstract SessionStore store(CofferExtension coffer, boolean readFilter, String tableName);

    @BeforeEach
    void createTable() {
        tableName = LocalDynamo.uniqueName("skipping");
        store(CofferExtension.create(Keys.staticProvider()), false, tableName).createTable();
    }

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
    }

    private CofferExtension skipping(SkippedItemListener listener) {
        CofferExtension coffer = CofferExtension.builder().materialsProvider(Keys.staticProvider())
                .table(tableName, t -> t.skipUnverifiedItems(listener)).build();
        coffer.tableConfig(tableName, TableSchema.fromBean(Session.class));
        return coffer;
    }

    private SessionStore skippingStore() {
        return store(skipping(skipped::add), true, tableName);
    }

    /** Ten sessions of alice (s0..s9) and one of bob, all ACTIVE. */
    private List<Session> writeSessions(SessionStore store) {
        List<Session> written = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Session s = Session.sample("alice", "s" + i);
            store.put(s);
            written.add(s);
        }
        Session bob = Session.sample("bob", "b0");
        store.put(bob);
        written.add(bob);
        return written;
    }

    private DynamoDbClient raw() {
        return DYNAMO.client();
    }

    /** Changes signed attribute {@code expiresAt} of the stored item behind Coffer's back. */
    private void tamper(String userId, String sessionId) {
        Map<String, AttributeValue> k = Map.of("userId", AttributeValue.fromS(userId), "sessionId",
                AttributeValue.fromS(sessionId));
        Map<String, AttributeValue> item = new HashMap<>(raw().getItem(r -> r.tableName(tableName).key(k)).item());
        item.put("expiresAt", AttributeValue.fromN("2100000000"));
        raw().putItem(r -> r.tableName(tableName).item(item));
    }

    private static List<Session> without(List<Session> sessions, String sessionId) {
        return sessions.stream().filter(s -> !s.getSessionId().equals(sessionId)).toList();
    }

    private void assertSkippedOnly(String sessionId, String indexName) {
        assertThat(skipped).singleElement().satisfies(x -> {
            assertThat(x.tableName()).isEqualTo(tableName);
            assertThat(x.indexName()).isEqualTo(java.util.Optional.ofNullable(indexName));
            assertThat(x.primaryKey()).isEqualTo(Map.of("userId", AttributeValue.fromS("alice"),
                    "sessionId", AttributeValue.fromS(sessionId)));
            assertThat(x.reason()).isInstanceOf(IntegrityException.class).hasMessageContaining("signature does not verify");
            assertThat(x.toString()).doesNotContain(Session.TOKEN_MARK, Session.IP, Session.LABEL_SECRET);
        });
    }

    @Test
    void query_oneTamperedItemOfTen_returnsTheOtherNineInEveryPage_andReportsIt() {
        SessionStore store = skippingStore();
        List<Session> written = writeSessions(store);
        tamper("alice", "s4");

        List<List<Session>> pages = store.queryPages("alice", 3);

        assertThat(pages.stream().flatMap(List::stream).toList())
                .containsExactlyElementsOf(without(written.subList(0, 10), "s4"));
        assertThat(pages).allSatisfy(p -> assertThat(p).doesNotContainNull());
        assertSkippedOnly("s4", null);
    }

    @Test
    void scan_oneTamperedItem_returnsTheOthers_andReportsIt() {
        SessionStore store = skippingStore();
        List<Session> written = writeSessions(store);
        tamper("alice", "s7");

        List<Session> all = store.scanPages(4).stream().flatMap(List::stream).toList();

        assertThat(all).containsExactlyInAnyOrderElementsOf(without(written, "s7"));
        assertSkippedOnly("s7", null);
    }

    @Test
    void indexQuery_tamperedItem_isSkippedAndReportedWithTheIndex() {
        SessionStore store = skippingStore();
        List<Session> written = writeSessions(store);
        tamper("alice", "s2");

        List<Session> active = store.queryIndex(Session.BY_STATUS, "ACTIVE");

        assertThat(active).containsExactlyInAnyOrderElementsOf(without(written, "s2"));
        assertSkippedOnly("s2", Session.BY_STATUS);
    }

    @Test
    void batchGetItem_tamperedItem_isSkippedAndReported() {
        SessionStore store = skippingStore();
        List<Session> written = writeSessions(store);
        tamper("alice", "s1");

        List<Session> got = store.batchGet(List.of(key("alice", "s0"), key("alice", "s1"), key("alice", "s2")));

        assertThat(got).containsExactlyInAnyOrder(written.get(0), written.get(2));
        assertSkippedOnly("s1", null);
    }

    @Test
    void itemUnderUnknownKeys_isSkippedAsAMaterialsFailure() {
        SessionStore store = skippingStore();
        writeSessions(store);
        SessionStore foreign = store(CofferExtension.create(Keys.wrappedProvider()), false, tableName);
        Session planted = Session.sample("alice", "s9");
        foreign.put(planted);

        List<Session> all = store.queryPages("alice", 100).stream().flatMap(List::stream).toList();

        assertThat(all).hasSize(9).noneMatch(s -> s.getSessionId().equals("s9"));
        assertThat(skipped).singleElement().satisfies(x -> assertThat(x.reason()).isInstanceOf(MaterialsException.class));
    }

    @Test
    void getItem_ofATamperedItem_stillThrows_evenWhenTheTableSkips() {
        SessionStore store = skippingStore();
        writeSessions(store);
        tamper("alice", "s3");

        assertThatThrownBy(() -> store.get("alice", "s3")).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("signature does not verify").hasMessageContaining("other reads throw");
        assertThat(skipped).isEmpty();
    }

    @Test
    void tableWithoutTheOption_failsTheWholeQuery_evenWithTheFilterRegistered() {
        CofferExtension coffer = CofferExtension.create(Keys.staticProvider());
        coffer.tableConfig(tableName, TableSchema.fromBean(Session.class));
        SessionStore store = store(coffer, true, tableName);
        writeSessions(store);
        tamper("alice", "s5");

        assertThatThrownBy(() -> store.queryPages("alice", 3)).isInstanceOf(IntegrityException.class);
        assertThatThrownBy(() -> store.scanPages(100)).isInstanceOf(IntegrityException.class);
    }

    @Test
    void skippingTable_withoutTheFilterOnTheClient_failsClosedSayingWhatIsMissing() {
        SessionStore store = store(skipping(skipped::add), false, tableName);
        writeSessions(store);
        tamper("alice", "s5");

        assertThatThrownBy(() -> store.queryPages("alice", 3)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("executionInterceptor()");
        assertThat(skipped).isEmpty();
    }

    @Test
    void skippingTable_whoseSchemaWasNotGiven_failsClosedSayingSo() {
        CofferExtension coffer = CofferExtension.builder().materialsProvider(Keys.staticProvider())
                .table(tableName, t -> t.skipUnverifiedItems(skipped::add)).build();
        SessionStore store = store(coffer, true, tableName);
        store.put(Session.sample("alice", "s0"));

        assertThatThrownBy(() -> store.queryPages("alice", 3)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("tableConfig(\"" + tableName + "\"");
        assertThatThrownBy(() -> store.get("alice", "s0")).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void listenerThatThrows_failsTheReadWithTheExtensionsException() {
        SessionStore store = store(skipping(x -> {
            throw new IllegalStateException("do not skip");
        }), true, tableName);
        writeSessions(store);
        tamper("alice", "s6");

        assertThatThrownBy(() -> store.queryPages("alice", 3)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("signature does not verify");
    }

    @Test
    void indexQuery_tamperedItemOnAnAllProjectionIndex_doesNotBlameTheProjection() {
        SessionStore store = store(CofferExtension.create(Keys.staticProvider()), false, tableName);
        writeSessions(store);
        Map<String, AttributeValue> k = Map.of("userId", AttributeValue.fromS("alice"), "sessionId",
                AttributeValue.fromS("s8"));
        Map<String, AttributeValue> item = new HashMap<>(raw().getItem(r -> r.tableName(tableName).key(k)).item());
        byte[] token = item.get("token").b().asByteArray();
        token[token.length / 2] ^= 1;
        item.put("token", AttributeValue.fromB(SdkBytes.fromByteArray(token)));
        raw().putItem(r -> r.tableName(tableName).item(item));

        assertThatThrownBy(() -> store.queryIndex(Session.BY_STATUS, "ACTIVE")).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("read from index '" + Session.BY_STATUS + "'")
                .hasMessageNotContaining("ProjectionType")
                .hasMessageNotContaining("project");
    }
}
