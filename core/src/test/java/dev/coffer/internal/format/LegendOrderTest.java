package dev.coffer.internal.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.ItemEncryptor;
import dev.coffer.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The encryptor reuses the legend order of the previous item when the signed attributes arrive in
 * the same sequence; items with the same names in other orders, other values or other names must
 * still get a canonical legend and round-trip.
 */
class LegendOrderTest {

    private static Map<String, AttributeValue> item(String value, String... names) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("pk", AttributeValue.fromS("p-" + value));
        m.put("sk", AttributeValue.fromN("1"));
        for (String n : names) {
            m.put(n, AttributeValue.fromS(n + "=" + value));
        }
        return m;
    }

    private static List<String> legendNames(Map<String, AttributeValue> stored) {
        List<String> names = new ArrayList<>();
        for (Header.Entry e : Header.decode(stored.get(ItemEncryptor.HEADER_ATTRIBUTE).b().asByteArray()).legend()) {
            names.add(e.name());
        }
        return names;
    }

    private static boolean canonical(List<String> names) {
        for (int i = 1; i < names.size(); i++) {
            if (Arrays.compareUnsigned(names.get(i - 1).getBytes(StandardCharsets.UTF_8),
                    names.get(i).getBytes(StandardCharsets.UTF_8)) >= 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    void encrypt_sameNamesInOtherOrdersAndValues_legendCanonicalAndRoundTrips() {
        ItemEncryptor enc = ItemEncryptor.create(TestKeys.config(TestKeys.staticProvider()));
        List<Map<String, AttributeValue>> items = List.of(
                item("1", "zeta", "alpha", "émile", "mid"),
                item("2", "zeta", "alpha", "émile", "mid"),
                item("3", "mid", "émile", "alpha", "zeta"),
                item("4", "zeta", "alpha", "émile", "mid"),
                item("5", "zeta", "alpha", "mid"),
                item("6", "zeta", "alpha", "émile", "mid", "extra"),
                item("7", "zeta", "alpha", "émile", "mid"));
        for (Map<String, AttributeValue> item : items) {
            Map<String, AttributeValue> stored = enc.encrypt(item);
            List<String> legend = legendNames(stored);
            assertThat(canonical(legend)).as(legend.toString()).isTrue();
            assertThat(legend).containsExactlyInAnyOrderElementsOf(signedNames(item));
            assertThat(Canonical.normalize(enc.decrypt(stored))).isEqualTo(Canonical.normalize(item));
        }
    }

    private static List<String> signedNames(Map<String, AttributeValue> item) {
        List<String> names = new ArrayList<>(item.keySet());
        names.remove("note");
        return names;
    }
}
