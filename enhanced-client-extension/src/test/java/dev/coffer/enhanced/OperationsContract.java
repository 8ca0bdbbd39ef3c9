package dev.coffer.enhanced;

import static dev.coffer.enhanced.SessionStore.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.IntegrityException;
import dev.coffer.InvalidItemException;
import dev.coffer.ItemEncryptor;
import dev.coffer.enhanced.testing.Keys;
import dev.coffer.enhanced.testing.LocalDynamo;
import dev.coffer.enhanced.testing.RawItems;
import dev.coffer.enhanced.testing.Session;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every operation, through {@link #store}: the sync and async subclasses run the same tests
 * against the test engine (dynalite). Raw items are read with the low-level client to prove what is
 * stored. Transactions, which dynalite lacks, are in {@link TransactionsTest} (at the SDK boundary)
 * and {@link LocalStackTest} (end to end, where Docker exists).
 */
abstract class OperationsContract {
    /** The shared test engine. */
    @RegisterExtension
    static final LocalDynamo DYNAMO = new LocalDynamo();

    protected final CofferExtension coffer = CofferExtension.create(Keys.staticProvider());
    protected String tableName;
    protected SessionStore store;

    protected abstract SessionStore store(CofferExtension extension, String tableName);

    @BeforeEach
    void createTable() {
        tableName = LocalDynamo.uniqueName("sessions");
        store = store(coffer, tableName);
        store.createTable();
    }

    private DynamoDbClient ddb() {
        return DYNAMO.client();
    }

    private Map<String, AttributeValue> raw(String userId, String sessionId) {
        return ddb().getItem(r -> r.tableName(tableName).key(Map.of("userId", AttributeValue.fromS(userId),
                "sessionId", AttributeValue.fromS(sessionId)))).item();
    }

    /** Changes the stored item behind Coffer's back, as someone with write access to the table could. */
    private void tamper(String userId, String sessionId, Consumer<Map<String, AttributeValue>> change) {
        Map<String, AttributeValue> item = new HashMap<>(raw(userId, sessionId));
        change.accept(item);
        ddb().putItem(r -> r.tableName(tableName).item(item));
    }

    @Test
    void putItem_storesCiphertextHeaderAndSignature_getItemReturnsBean() {
        Session s = Session.sample("alice", "s1");
        store.put(s);

        RawItems.assertProtected(raw("alice", "s1"), s);
        assertThat(store.get("alice", "s1")).isEqualTo(s);
    }

    @Test
    void getItem_missingItem_returnsNull() {
        assertThat(store.get("nobody", "none")).isNull();
    }

    @Test
    void getItem_flippedCiphertextBit_throwsIntegrityException() {
        store.put(Session.sample("alice", "s1"));
        tamper("alice", "s1", item -> {
            byte[] token = item.get("token").b().asByteArray();
            token[token.length / 2] ^= 0x01;
            item.put("token", AttributeValue.fromB(SdkBytes.fromByteArray(token)));
        });

        assertThatThrownBy(() -> store.get("alice", "s1")).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("table '" + tableName + "'");
    }

    @Test
    void getItem_changedSignOnlyStatus_throwsIntegrityException() {
        store.put(Session.sample("alice", "s1"));
        tamper("alice", "s1", item -> item.put("status", AttributeValue.fromS("ADMIN")));

        assertThatThrownBy(() -> store.get("alice", "s1")).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("signature does not verify");
    }

    @Test
    void getItem_extendedTimeToLive_throwsIntegrityException() {
        store.put(Session.sample("alice", "s1"));
        tamper("alice", "s1", item -> item.put("expiresAt", AttributeValue.fromN("4102444800")));

        assertThatThrownBy(() -> store.get("alice", "s1")).isInstanceOf(IntegrityException.class);
    }

    @Test
    void getItem_removedEncryptedAttribute_throwsIntegrityException() {
        store.put(Session.sample("alice", "s1"));
        tamper("alice", "s1", item -> item.remove("clientIp"));

        assertThatThrownBy(() -> store.get("alice", "s1")).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("'clientIp'");
    }

    @Test
    void getItem_addedUnsignedAttribute_throwsIntegrityException() {
        store.put(Session.sample("alice", "s1"));
        tamper("alice", "s1", item -> item.put("isAdmin", AttributeValue.fromBool(true)));

        assertThatThrownBy(() -> store.get("alice", "s1")).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("'isAdmin'");
    }

    @Test
    void getItem_itemCopiedUnderAnotherUser_throwsIntegrityException() {
        store.put(Session.sample("alice", "s1"));
        tamper("alice", "s1", item -> item.put("userId", AttributeValue.fromS("mallory")));

        assertThatThrownBy(() -> store.get("mallory", "s1")).isInstanceOf(IntegrityException.class);
    }

    @Test
    void getItem_doNothingAttributeChanged_stillReads() {
        Session s = Session.sample("alice", "s1");
        store.put(s);
        tamper("alice", "s1", item -> item.put("lastSeen", AttributeValue.fromN("1800000000")));

        assertThat(store.get("alice", "s1").getLastSeen()).isEqualTo(1_800_000_000L);
    }

    @Test
    void deleteItem_returnsDecryptedOldItem() {
        Session s = Session.sample("alice", "s1");
        store.put(s);

        assertThat(store.delete("alice", "s1")).isEqualTo(s);
        assertThat(raw("alice", "s1")).isEmpty();
    }

    @Test
    void query_everyPageDecrypted() {
        List<Session> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Session s = Session.sample("alice", "s" + i);
            written.add(s);
            store.put(s);
        }
        store.put(Session.sample("bob", "s9"));

        List<List<Session>> pages = store.queryPages("alice", 2);

        assertThat(pages).hasSizeGreaterThanOrEqualTo(3);
        assertThat(pages.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(written);
    }

    @Test
    void scan_everyPageDecrypted() {
        List<Session> written = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Session s = Session.sample("user" + i, "s" + i);
            written.add(s);
            store.put(s);
        }

        List<List<Session>> pages = store.scanPages(1);

        assertThat(pages).hasSizeGreaterThanOrEqualTo(4);
        assertThat(pages.stream().flatMap(List::stream).toList()).containsExactlyInAnyOrderElementsOf(written);
    }

    @Test
    void queryIndex_onSignOnlyAttribute_returnsDecryptedBeans() {
        Session active = Session.sample("alice", "s1");
        Session revoked = Session.sample("bob", "s2");
        revoked.setStatus("REVOKED");
        store.put(active);
        store.put(revoked);

        assertThat(store.queryIndex(Session.BY_STATUS, "REVOKED")).containsExactly(revoked);
        assertThat(store.queryIndex(Session.BY_STATUS, "ACTIVE")).containsExactly(active);
    }

    @Test
    void queryIndex_keysOnlyProjection_throwsIntegrityExceptionNamingTheIndex() {
        store.put(Session.sample("alice", "s1"));

        assertThatThrownBy(() -> store.queryIndex(Session.BY_STATUS_KEYS, "ACTIVE"))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("index '" + Session.BY_STATUS_KEYS + "'")
                .hasMessageContaining(ItemEncryptor.HEADER_ATTRIBUTE)
                .hasMessageContaining("ProjectionType ALL");
    }

    @Test
    void batchWriteItem_putsEncryptedAndDeletesApplied_batchGetItemDecrypts() {
        Session gone = Session.sample("carol", "old");
        store.put(gone);
        Session a = Session.sample("alice", "s1");
        Session b = Session.sample("bob", "s2");

        store.batchWrite(List.of(a, b), List.of(key("carol", "old")));

        RawItems.assertProtected(raw("alice", "s1"), a);
        RawItems.assertProtected(raw("bob", "s2"), b);
        assertThat(raw("carol", "old")).isEmpty();
        assertThat(store.batchGet(List.of(key("alice", "s1"), key("bob", "s2"), key("carol", "old"))))
                .containsExactlyInAnyOrder(a, b);
    }

    @Test
    void updateItem_wholeItem_isEncryptedAndSignedLikeAPut() {
        Session before = Session.sample("alice", "s1");
        store.put(before);
        Session after = Session.sample("alice", "s1");
        after.setStatus("REVOKED");
        after.setLabels(null); // a full update removes what the bean no longer has

        Session returned = store.update(after, false);

        assertThat(returned).isEqualTo(after);
        Map<String, AttributeValue> raw = raw("alice", "s1");
        assertThat(raw).doesNotContainKey("labels");
        assertThat(raw.get("token").b()).isNotNull();
        assertThat(raw.get("status").s()).isEqualTo("REVOKED");
        assertThat(RawItems.contains(RawItems.allBytes(raw), after.getToken())).isFalse();
        assertThat(RawItems.contains(RawItems.allBytes(raw), before.getToken())).isFalse();
        assertThat(store.get("alice", "s1")).isEqualTo(after);
    }

    @Test
    void updateItem_ignoreNullsTouchingSignedAttribute_throwsBeforeSending() {
        Session s = Session.sample("alice", "s1");
        store.put(s);
        Map<String, AttributeValue> rawBefore = raw("alice", "s1");
        Session partial = new Session();
        partial.setUserId("alice");
        partial.setSessionId("s1");
        partial.setStatus("REVOKED");

        assertThatThrownBy(() -> store.update(partial, true))
                .isInstanceOf(InvalidItemException.class)
                .hasMessageContaining("[status]")
                .hasMessageContaining("nothing was sent");
        assertThat(raw("alice", "s1")).isEqualTo(rawBefore);
    }

    @Test
    void updateItem_ignoreNullsTouchingOnlyDoNothing_updatesAndStillVerifies() {
        Session s = Session.sample("alice", "s1");
        store.put(s);
        Session partial = new Session();
        partial.setUserId("alice");
        partial.setSessionId("s1");
        partial.setLastSeen(1_750_000_000L);

        Session returned = store.update(partial, true);

        s.setLastSeen(1_750_000_000L);
        assertThat(returned).isEqualTo(s);
        assertThat(store.get("alice", "s1")).isEqualTo(s);
    }

    @Test
    void scan_oneTamperedItem_failsTheRead() {
        store.put(Session.sample("alice", "s1"));
        store.put(Session.sample("bob", "s2"));
        tamper("bob", "s2", item -> item.put("status", AttributeValue.fromS("ADMIN")));

        assertThatThrownBy(() -> store.scanPages(10)).isInstanceOf(IntegrityException.class);
    }

    @Test
    void getItem_otherKeys_throws() {
        store.put(Session.sample("alice", "s1"));
        SessionStore other = store(CofferExtension.create(Keys.otherStaticProvider()), tableName);

        assertThatThrownBy(() -> other.get("alice", "s1")).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("key commitment");
    }
}
