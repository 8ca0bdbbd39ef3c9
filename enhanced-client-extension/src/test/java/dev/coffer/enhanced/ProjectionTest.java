package dev.coffer.enhanced;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.IntegrityException;
import dev.coffer.ItemEncryptor;
import dev.coffer.enhanced.testing.Keys;
import dev.coffer.enhanced.testing.LocalDynamo;
import dev.coffer.enhanced.testing.Session;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;

/** Reads that project attributes: a clear error when Coffer's attributes are left out, success when they are not. */
class ProjectionTest {
    @RegisterExtension
    static final LocalDynamo DYNAMO = new LocalDynamo();

    private static final Key KEY = Key.builder().partitionValue("alice").sortValue("s1").build();
    private DynamoDbTable<Session> sessions;
    private Session written;

    @BeforeEach
    void createTable() {
        sessions = DYNAMO.enhanced(CofferExtension.create(Keys.staticProvider()))
                .table(LocalDynamo.uniqueName("sessions"), TableSchema.fromBean(Session.class));
        LocalDynamo.createSessionTable(sessions);
        written = Session.sample("alice", "s1");
        sessions.putItem(written);
    }

    private List<Session> queryProjected(String... attributes) {
        return sessions.query(r -> r.queryConditional(QueryConditional.keyEqualTo(KEY)).attributesToProject(attributes))
                .items().stream().toList();
    }

    @Test
    void projectionWithoutReservedAttributes_throwsIntegrityExceptionSayingWhatToProject() {
        assertThatThrownBy(() -> queryProjected("userId", "sessionId", "token"))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("no Coffer header")
                .hasMessageContaining("attributesToProject")
                .hasMessageContaining(ItemEncryptor.HEADER_ATTRIBUTE + ", " + ItemEncryptor.SIGNATURE_ATTRIBUTE)
                .hasMessageContaining("[clientIp, " + CofferExtension.UNSIGNED_ATTRIBUTE + ", device, expiresAt, labels, "
                        + "previousDevices, sessionId, status, token, userId]");
    }

    @Test
    void projectionWithHeaderButWithoutSignature_throwsIntegrityException() {
        assertThatThrownBy(() -> queryProjected("userId", "sessionId", ItemEncryptor.HEADER_ATTRIBUTE))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("but no signature '" + ItemEncryptor.SIGNATURE_ATTRIBUTE + "'")
                .hasMessageContaining("attributesToProject");
    }

    @Test
    void projectionWithoutOneSignedAttribute_throwsIntegrityExceptionNamingIt() {
        assertThatThrownBy(() -> queryProjected("userId", "sessionId", "token", ItemEncryptor.HEADER_ATTRIBUTE,
                ItemEncryptor.SIGNATURE_ATTRIBUTE))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("signed attribute")
                .hasMessageContaining("projected it away");
    }

    @Test
    void projectionOfReservedAndEverySignedAttribute_readsWithoutTheDoNothingOne() {
        List<String> projection = List.of("userId", "sessionId", "token", "clientIp", "status", "expiresAt", "device",
                "previousDevices", "labels", ItemEncryptor.HEADER_ATTRIBUTE, ItemEncryptor.SIGNATURE_ATTRIBUTE,
                CofferExtension.UNSIGNED_ATTRIBUTE);

        List<Session> read = queryProjected(projection.toArray(new String[0]));

        written.setLastSeen(null);
        assertThat(read).containsExactly(written);
    }
}
