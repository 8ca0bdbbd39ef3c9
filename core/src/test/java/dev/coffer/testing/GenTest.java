package dev.coffer.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The generators stay in their bounds, reach both ends of them, and keep what they promise. */
class GenTest {

    private static <T> List<T> draw(Gen<T> gen, int n) {
        Random r = new Random(20261130);
        List<T> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(gen.next(r));
        }
        return l;
    }

    @Test
    void ints_smallRange_staysInsideAndReachesEveryValue() {
        assertThat(new TreeSet<>(draw(Gen.ints(-3, 3), 2000))).containsExactly(-3, -2, -1, 0, 1, 2, 3);
    }

    @Test
    void ints_wholeIntRange_reachesBothBoundsAndZero() {
        assertThat(draw(Gen.ints(Integer.MIN_VALUE, Integer.MAX_VALUE), 2000))
                .contains(Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 1, -1);
    }

    @Test
    void list_sizes_stayInsideAndReachBothBounds() {
        List<Integer> sizes = draw(Gen.constant("x").list(2, 40), 2000).stream().map(List::size).toList();

        assertThat(sizes).allMatch(n -> n >= 2 && n <= 40).contains(2, 40);
        assertThat(new HashSet<>(sizes)).hasSize(39);
    }

    @Test
    void uniqueList_neverRepeatsAKey() {
        for (List<Integer> l : draw(Gen.ints(0, 20).uniqueList(1, 12, i -> i % 10), 2000)) {
            assertThat(l).hasSizeBetween(1, 10);
            assertThat(l.stream().map(i -> i % 10).distinct().count()).isEqualTo(l.size());
        }
    }

    @Test
    void frequency_picksInProportionToWeights() {
        List<String> picks = draw(Gen.frequency(Gen.weight(9, Gen.constant("a")), Gen.weight(1, Gen.constant("b"))), 10_000);

        assertThat(picks.stream().filter("b"::equals).count()).isBetween(800L, 1200L);
    }

    @Test
    void filter_thatNeverAccepts_failsInsteadOfLooping() {
        Gen<Integer> never = Gen.ints(0, 9).filter(i -> i > 9);

        assertThatThrownBy(() -> never.next(new Random(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1000");
    }

    @Test
    void bytes_reachEveryEdgeByte() {
        Set<Byte> seen = new HashSet<>();
        draw(Gen.bytes(0, 8), 2000).forEach(b -> {
            for (byte x : b) {
                seen.add(x);
            }
        });

        assertThat(seen).contains((byte) 0, (byte) 1, (byte) -1, Byte.MIN_VALUE, Byte.MAX_VALUE);
    }
}
