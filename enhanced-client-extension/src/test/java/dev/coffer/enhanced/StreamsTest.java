package dev.coffer.enhanced;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.ItemEncryptor;
import dev.coffer.enhanced.testing.Keys;
import dev.coffer.enhanced.testing.LocalDynamo;
import dev.coffer.enhanced.testing.RawItems;
import dev.coffer.enhanced.testing.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * DynamoDB Local 2.6.1 serves DynamoDB Streams (embedded: {@code dynamoDbStreamsClient()}): a
 * stream record carries the item as stored, ciphertext included, and a stream consumer can verify
 * and decrypt it with the table's derived configuration.
 */
class StreamsTest {
    @RegisterExtension
    static final LocalDynamo DYNAMO = new LocalDynamo();

    @Test
    void streamRecord_carriesCiphertext_andDecryptsWithTheTableConfig() {
        CofferExtension coffer = CofferExtension.create(Keys.staticProvider());
        String tableName = LocalDynamo.uniqueName("streamed");
        DynamoDbTable<Session> sessions = DYNAMO.enhanced(coffer).table(tableName, TableSchema.fromBean(Session.class));
        sessions.createTable(r -> r.streamSpecification(s -> s.streamEnabled(true)
                .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        Session written = Session.sample("alice", "s1");

        sessions.putItem(written);

        List<Record> records = records(tableName);
        assertThat(records).hasSize(1);
        Map<String, AttributeValue> image = records.get(0).dynamodb().newImage();
        assertThat(image).containsKeys(ItemEncryptor.HEADER_ATTRIBUTE, ItemEncryptor.SIGNATURE_ATTRIBUTE);
        assertThat(image.get("token").b()).isNotNull();
        byte[] bytes = RawItems.allBytes(image);
        assertThat(RawItems.contains(bytes, written.getToken())).isFalse();
        assertThat(RawItems.contains(bytes, Session.IP)).isFalse();
        ItemEncryptor consumer = ItemEncryptor.create(coffer.tableConfig(tableName, sessions.tableSchema()));
        assertThat(sessions.tableSchema().mapToItem(consumer.decrypt(image))).isEqualTo(written);
    }

    private static List<Record> records(String tableName) {
        DynamoDbStreamsClient streams = DYNAMO.streamsClient();
        String arn = DYNAMO.client().describeTable(r -> r.tableName(tableName)).table().latestStreamArn();
        List<Record> out = new ArrayList<>();
        for (Shard shard : streams.describeStream(r -> r.streamArn(arn)).streamDescription().shards()) {
            String iterator = streams.getShardIterator(r -> r.streamArn(arn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            out.addAll(streams.getRecords(r -> r.shardIterator(iterator)).records());
        }
        return out;
    }
}
