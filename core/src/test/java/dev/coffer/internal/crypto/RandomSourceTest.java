package dev.coffer.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class RandomSourceTest {
    private static final RandomSource SYSTEM = RandomSource.system();

    @Test
    void nextItemId_manyDraws_neverRepeatAndNeverZero() {
        int ids = 1000;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ids; i++) {
            byte[] id = new byte[32];
            SYSTEM.nextItemId(id);
            assertThat(id).isNotEqualTo(new byte[32]);
            assertThat(seen.add(HexFormat.of().formatHex(id))).isTrue();
        }
    }

    @Test
    void nextItemId_twoThreads_getDisjointIds() throws InterruptedException {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Runnable draw = () -> {
            for (int i = 0; i < 200; i++) {
                byte[] id = new byte[32];
                SYSTEM.nextItemId(id);
                seen.add(HexFormat.of().formatHex(id));
            }
        };
        Thread a = new Thread(draw);
        Thread b = new Thread(draw);
        a.start();
        b.start();
        a.join();
        b.join();
        assertThat(seen).hasSize(400);
    }

    @Test
    void nextItemId_largeBuffer_isFilledCompletely() {
        byte[] big = new byte[2048];
        SYSTEM.nextItemId(big);
        int zeros = 0;
        for (byte x : big) {
            zeros += x == 0 ? 1 : 0;
        }
        // Uniform random bytes: about 1 in 256 is zero; a buffer left unfilled would be mostly zero.
        assertThat(zeros).isLessThan(64);
    }

    @Test
    void nextItemId_byDefault_comesFromNextBytes() {
        RandomSource fixed = out -> java.util.Arrays.fill(out, (byte) 7);
        byte[] id = new byte[32];
        fixed.nextItemId(id);
        assertThat(id).containsOnly(7);
    }
}
