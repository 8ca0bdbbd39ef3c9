package dev.coffer.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.testing.ItemGen.GeneratedItem;
import dev.coffer.testing.ItemGen.NumberSpelling;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the item generators promise the property tests: every DynamoDB type, DynamoDB's nesting
 * limit reached and never passed, unicode outside the BMP, controls, empty values, numbers at the
 * ends of DynamoDB's range, attribute names outside the BMP.
 */
class ItemGenTest {

    @Test
    void values_coverEveryTypeAndReachButNeverPassTheNestingLimit() {
        Random r = new Random(7);
        Set<AttributeValue.Type> types = EnumSet.noneOf(AttributeValue.Type.class);
        Set<String> features = new HashSet<>();
        int deepest = 0;
        for (int i = 0; i < 5000; i++) {
            AttributeValue v = ItemGen.values().next(r);
            deepest = Math.max(deepest, containers(v));
            walk(v, types, features);
        }

        assertThat(types).containsAll(EnumSet.complementOf(EnumSet.of(AttributeValue.Type.UNKNOWN_TO_SDK_VERSION)));
        assertThat(deepest).isEqualTo(ItemGen.MAX_CONTAINERS);
        assertThat(features).contains("empty S", "empty B", "empty L", "empty M", "supplementary", "control", "U+0000");
    }

    @Test
    void numberSpellings_reachBothEndsOfDynamoDbsRangeAnd38Digits() {
        Random r = new Random(7);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            NumberSpelling n = ItemGen.numberSpellings().next(r);
            assertThat(new BigDecimal(n.text)).as(n.text).isEqualByComparingTo(n.value);
            if (n.value.signum() == 0) {
                seen.add("zero");
                continue;
            }
            BigDecimal s = n.value.stripTrailingZeros();
            long exponent = (long) s.precision() - s.scale() - 1;
            assertThat(s.precision()).as(n.text).isLessThanOrEqualTo(38);
            assertThat(exponent).as(n.text).isBetween(-130L, 125L);
            seen.add(exponent == -130 ? "1E-130" : exponent == 125 ? "E+125" : s.precision() == 38 ? "38 digits" : "other");
        }

        assertThat(seen).contains("zero", "1E-130", "E+125", "38 digits");
    }

    @Test
    void items_haveKeysAndUpToTheGivenAttributesWithNamesOutsideTheBmp() {
        Random r = new Random(7);
        boolean supplementaryName = false;
        Set<Integer> sizes = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            GeneratedItem g = ItemGen.items(12).next(r);
            assertThat(g.item).containsKeys("pk", "sk");
            Set<String> attributes = new HashSet<>(g.item.keySet());
            attributes.removeAll(Set.of("pk", "sk"));
            assertThat(g.actions.keySet()).isEqualTo(attributes);
            sizes.add(g.actions.size());
            supplementaryName |= g.actions.keySet().stream().anyMatch(n -> n.codePoints().anyMatch(c -> c > 0xFFFF));
        }

        assertThat(sizes).contains(0, 12).allMatch(n -> n <= 12);
        assertThat(supplementaryName).isTrue();
    }

    private static int containers(AttributeValue v) {
        int inner = 0;
        if (v.hasL()) {
            for (AttributeValue e : v.l()) {
                inner = Math.max(inner, containers(e));
            }
            return 1 + inner;
        }
        if (v.hasM()) {
            for (AttributeValue e : v.m().values()) {
                inner = Math.max(inner, containers(e));
            }
            return 1 + inner;
        }
        return 0;
    }

    private static void walk(AttributeValue v, Set<AttributeValue.Type> types, Set<String> features) {
        types.add(v.type());
        switch (v.type()) {
            case S -> {
                if (v.s().isEmpty()) {
                    features.add("empty S");
                }
                v.s().codePoints().forEach(c -> {
                    if (c > 0xFFFF) {
                        features.add("supplementary");
                    } else if (c == 0) {
                        features.add("U+0000");
                    } else if (Character.isISOControl(c)) {
                        features.add("control");
                    }
                });
            }
            case B -> {
                if (v.b().asByteArrayUnsafe().length == 0) {
                    features.add("empty B");
                }
            }
            case L -> {
                if (v.l().isEmpty()) {
                    features.add("empty L");
                }
                v.l().forEach(e -> walk(e, types, features));
            }
            case M -> {
                if (v.m().isEmpty()) {
                    features.add("empty M");
                }
                v.m().values().forEach(e -> walk(e, types, features));
            }
            default -> {
            }
        }
    }
}
