package dev.coffer.enhanced;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.ItemEncryptor;
import dev.coffer.enhanced.testing.Keys;
import dev.coffer.enhanced.testing.LocalDynamo;
import dev.coffer.enhanced.testing.RawItems;
import dev.coffer.enhanced.testing.Session;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A stream record's image is the item as stored. The test engine has no Streams, so here the
 * consumer's side runs on the stored item read from the engine: it carries ciphertext and verifies
 * and decrypts with the table's derived configuration. {@link LocalStackTest} reads a real stream
 * record where Docker exists.
 */
class StreamsTest {
    @RegisterExtension
    static final LocalDynamo DYNAMO = new LocalDynamo();

    @Test
    void storedImage_carriesCiphertext_andAStreamConsumerDecryptsItWithTheTableConfig() {
        CofferExtension coffer = CofferExtension.create(Keys.staticProvider());
        String tableName = LocalDynamo.uniqueName("streamed");
        DynamoDbTable<Session> sessions = DYNAMO.enhanced(coffer).table(tableName, TableSchema.fromBean(Session.class));
        sessions.createTable();
        Session written = Session.sample("alice", "s1");

        sessions.putItem(written);

        Map<String, AttributeValue> image = DYNAMO.client().getItem(r -> r.tableName(tableName)
                .key(Map.of("userId", AttributeValue.fromS("alice"), "sessionId", AttributeValue.fromS("s1")))).item();
        RawItems.assertProtected(image, written);
        ItemEncryptor consumer = ItemEncryptor.create(coffer.tableConfig(tableName, sessions.tableSchema()));
        assertThat(sessions.tableSchema().mapToItem(consumer.decrypt(image))).isEqualTo(written);
    }
}
