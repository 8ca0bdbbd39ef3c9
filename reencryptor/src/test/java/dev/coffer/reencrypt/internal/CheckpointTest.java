package dev.coffer.reencrypt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The checkpoint file: round trip, atomic replacement, and refusing a file of another job. */
class CheckpointTest {
    @TempDir
    Path dir;

    private static final Map<String, AttributeValue> KEY = Map.of(
            "pk, with: odd=chars \uD83D\uDD11", AttributeValue.fromS("a,b:c=d\ne"),
            "sk", AttributeValue.fromN("-12.5E3"),
            "bin", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, -1, 44, 58})));

    @Test
    void pageDone_thenOpen_resumesEverySegmentWithItsKeyAndCounts() {
        Path file = dir.resolve("orders.checkpoint");
        Checkpoint c = Checkpoint.open(file, "orders", 3);
        c.pageDone(0, KEY, new long[] {100, 60, 30, 1, 2});
        c.pageDone(1, Map.of(), new long[] {5, 0, 5, 0, 0});

        Checkpoint resumed = Checkpoint.open(file, "orders", 3);

        assertThat(resumed.resumed()).isTrue();
        assertThat(resumed.startKey(0)).isEqualTo(KEY);
        assertThat(resumed.done(0)).isFalse();
        assertThat(resumed.done(1)).isTrue();
        assertThat(resumed.startKey(2)).isNull();
        assertThat(resumed.done(2)).isFalse();
        assertThat(resumed.totals()).containsExactly(105, 60, 35, 1, 2);
    }

    @Test
    void save_leavesNoTemporaryFileBehind_andDeleteRemovesTheFile() throws IOException {
        Path file = dir.resolve("orders.checkpoint");
        Checkpoint c = Checkpoint.open(file, "orders", 1);
        c.pageDone(0, KEY, new long[5]);

        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
        c.delete();
        assertThat(file).doesNotExist();
    }

    @Test
    void open_fileOfAnotherTableOrSegmentCount_isAConfigurationErrorSayingWhat() {
        Path file = dir.resolve("orders.checkpoint");
        Checkpoint.open(file, "orders", 4).pageDone(0, KEY, new long[5]);

        assertThatThrownBy(() -> Checkpoint.open(file, "invoices", 4)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("belongs to table 'orders' scanned in 4 segments");
        assertThatThrownBy(() -> Checkpoint.open(file, "orders", 2)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("same table and segment count");
    }

    @Test
    void open_damagedOrForeignFile_isAConfigurationError() throws IOException {
        Path foreign = Files.writeString(dir.resolve("notes.txt"), "hello=world\n");
        Path damaged = dir.resolve("damaged.checkpoint");
        Checkpoint.open(damaged, "orders", 1).pageDone(0, KEY, new long[5]);
        Files.writeString(damaged, Files.readString(damaged).replace("counts.0=0,0,0,0,0", "counts.0=zero"));

        assertThatThrownBy(() -> Checkpoint.open(foreign, "orders", 1)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("not a re-encryption checkpoint");
        assertThatThrownBy(() -> Checkpoint.open(damaged, "orders", 1)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("damaged");
    }
}
