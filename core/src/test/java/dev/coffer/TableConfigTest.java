package dev.coffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.testing.TestKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Configurations that cannot work fail when built, with a message saying what to change. */
class TableConfigTest {

    /** A valid starting point: table "orders", keys pk/sk, the static provider. */
    private static TableConfig.Builder valid() {
        return TableConfig.builder().tableName("orders").partitionKey("pk").sortKey("sk")
                .materialsProvider(TestKeys.staticProvider());
    }

    private static Arguments bad(String name, UnaryOperator<TableConfig.Builder> change, String... mentions) {
        return Arguments.of(Named.of(name, change), List.of(mentions));
    }

    static Stream<Arguments> misconfigurations() {
        return Stream.of(
                bad("encrypted partition key", b -> b.action("pk", CryptoAction.ENCRYPT_AND_SIGN),
                        "table 'orders'", "'pk'", "partition key", "cannot be encrypted", "Remove the ENCRYPT_AND_SIGN action"),
                bad("encrypted sort key", b -> b.action("sk", CryptoAction.ENCRYPT_AND_SIGN),
                        "table 'orders'", "'sk'", "sort key", "cannot be encrypted", "Remove"),
                bad("DO_NOTHING partition key", b -> b.action("pk", CryptoAction.DO_NOTHING),
                        "table 'orders'", "'pk'", "must be signed", "Remove the DO_NOTHING action"),
                bad("DO_NOTHING sort key", b -> b.action("sk", CryptoAction.DO_NOTHING),
                        "table 'orders'", "'sk'", "must be signed", "Remove the DO_NOTHING action"),
                bad("reserved header name in actions", b -> b.action("coffer_head", CryptoAction.SIGN_ONLY),
                        "table 'orders'", "'coffer_head'", "reserved", "rename the attribute"),
                bad("reserved signature name in actions", b -> b.action("coffer_sig", CryptoAction.DO_NOTHING),
                        "table 'orders'", "'coffer_sig'", "reserved", "rename the attribute"),
                bad("reserved name as partition key", b -> b.partitionKey("coffer_head"),
                        "table 'orders'", "'coffer_head'", "reserved"),
                bad("reserved name as sort key", b -> b.sortKey("coffer_sig"),
                        "table 'orders'", "'coffer_sig'", "reserved"),
                bad("reserved name allowed unsigned", b -> b.allowedUnsignedAttributes(List.of("coffer_sig")),
                        "table 'orders'", "'coffer_sig'", "reserved"),
                bad("no table name", b -> b.tableName(null), "set tableName(...)"),
                bad("empty table name", b -> b.tableName(""), "set tableName(...)"),
                bad("empty logical table name", b -> b.logicalTableName(""),
                        "table 'orders'", "logical table name must not be empty", "leave it unset"),
                bad("no partition key", b -> b.partitionKey(null), "table 'orders'", "set partitionKey(...)"),
                bad("empty partition key", b -> b.partitionKey(""), "table 'orders'", "set partitionKey(...)"),
                bad("empty sort key", b -> b.sortKey(""), "table 'orders'", "sort key name must not be empty",
                        "leave it unset"),
                bad("sort key same as partition key", b -> b.sortKey("pk"), "table 'orders'",
                        "partition key and sort key are both 'pk'"),
                bad("no materials provider", b -> b.materialsProvider(null), "table 'orders'",
                        "set materialsProvider(...)"),
                bad("null default action", b -> b.defaultAction(null), "table 'orders'", "default action"),
                bad("empty attribute name", b -> b.action("", CryptoAction.SIGN_ONLY), "table 'orders'",
                        "attribute names must not be empty"),
                bad("attribute name over 65535 bytes", b -> b.action("\u00e9".repeat(40_000), CryptoAction.SIGN_ONLY),
                        "table 'orders'", "longer than DynamoDB's 65535 bytes"),
                bad("empty allowedUnsignedPrefix", b -> b.allowedUnsignedPrefix(""), "table 'orders'",
                        "empty allowedUnsignedPrefix", "DO_NOTHING action"),
                bad("prefix covering a reserved name", b -> b.allowedUnsignedPrefix("coffer_"), "table 'orders'",
                        "allowedUnsignedPrefix 'coffer_'", "reserved attribute 'coffer_head'"),
                bad("prefix covering the partition key", b -> b.allowedUnsignedPrefix("p"), "table 'orders'",
                        "key attribute 'pk'", "allowedUnsignedPrefix 'p'", "choose another prefix"),
                bad("prefix covering the sort key", b -> b.allowedUnsignedPrefix("s"), "table 'orders'",
                        "key attribute 'sk'", "choose another prefix"),
                bad("prefix covering a sign-only attribute", b -> b.action("x_status", CryptoAction.SIGN_ONLY)
                        .allowedUnsignedPrefix("x_"), "table 'orders'", "'x_status' is SIGN_ONLY",
                        "allowedUnsignedPrefix 'x_'", "choose another prefix or action"),
                bad("prefix covering an encrypted attribute", b -> b.action("x_card", CryptoAction.ENCRYPT_AND_SIGN)
                        .allowedUnsignedPrefix("x_"), "table 'orders'", "'x_card' is ENCRYPT_AND_SIGN"),
                bad("allowed unsigned that is a key", b -> b.allowedUnsignedAttributes(List.of("sk")), "table 'orders'",
                        "'sk' is a key attribute", "remove it from allowedUnsignedAttributes"),
                bad("null allowed unsigned name", b -> b.allowedUnsignedAttributes(java.util.Arrays.asList("a", null)),
                        "table 'orders'", "name must not be empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("misconfigurations")
    void build_misconfiguration_throwsConfigurationExceptionSayingWhatToChange(UnaryOperator<TableConfig.Builder> change,
            List<String> mentions) {
        // From the setter or from build(): the builder contract allows either.
        assertThatThrownBy(() -> change.apply(valid()).build()).isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(mentions));
    }

    @Test
    void action_nullNameOrAction_throwsConfigurationException() {
        assertThatThrownBy(() -> valid().action(null, CryptoAction.SIGN_ONLY)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("table 'orders'").hasMessageContaining("needs both");
        assertThatThrownBy(() -> valid().action("a", null)).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void build_keysSignOnlyExplicitly_isAccepted() {
        TableConfig c = valid().action("pk", CryptoAction.SIGN_ONLY).action("sk", CryptoAction.SIGN_ONLY).build();

        assertThat(c.actions()).containsEntry("pk", CryptoAction.SIGN_ONLY).containsEntry("sk", CryptoAction.SIGN_ONLY);
    }

    @Test
    void build_prefixAndAllowedNamesOnUnsignedAttributes_areAccepted() {
        TableConfig c = valid().action("x_count", CryptoAction.DO_NOTHING).action("views", CryptoAction.DO_NOTHING)
                .allowedUnsignedPrefix("x_").allowedUnsignedAttributes(List.of("views", "other")).build();

        assertThat(c.allowedUnsignedPrefix()).contains("x_");
        assertThat(c.allowedUnsignedAttributes()).containsExactly("views", "other");
    }

    @Test
    void actionFor_unlistedKeyAndListedAttributes() {
        TableConfig c = valid().action("status", CryptoAction.SIGN_ONLY).action("hits", CryptoAction.DO_NOTHING).build();
        TableConfig signOnlyDefault = valid().defaultAction(CryptoAction.SIGN_ONLY).build();

        assertThat(c.actionFor("pk")).isEqualTo(CryptoAction.SIGN_ONLY);
        assertThat(c.actionFor("sk")).isEqualTo(CryptoAction.SIGN_ONLY);
        assertThat(c.actionFor("status")).isEqualTo(CryptoAction.SIGN_ONLY);
        assertThat(c.actionFor("hits")).isEqualTo(CryptoAction.DO_NOTHING);
        assertThat(c.actionFor("anything")).isEqualTo(CryptoAction.ENCRYPT_AND_SIGN);
        assertThat(signOnlyDefault.actionFor("anything")).isEqualTo(CryptoAction.SIGN_ONLY);
        assertThat(signOnlyDefault.actionFor("pk")).isEqualTo(CryptoAction.SIGN_ONLY);
    }

    @Test
    void acceptsUnsigned_onlyDoNothingAllowedOrPrefixedAndNeverKeys() {
        TableConfig c = valid().action("hits", CryptoAction.DO_NOTHING).action("status", CryptoAction.SIGN_ONLY)
                .allowedUnsignedAttributes(List.of("views")).allowedUnsignedPrefix("x_").build();
        TableConfig doNothingDefault = valid().defaultAction(CryptoAction.DO_NOTHING).build();

        assertThat(c.acceptsUnsigned("hits")).isTrue();
        assertThat(c.acceptsUnsigned("views")).isTrue();
        assertThat(c.acceptsUnsigned("x_anything")).isTrue();
        assertThat(c.acceptsUnsigned("status")).isFalse();
        assertThat(c.acceptsUnsigned("unlisted")).isFalse();
        assertThat(c.acceptsUnsigned("pk")).isFalse();
        assertThat(c.acceptsUnsigned("sk")).isFalse();
        assertThat(doNothingDefault.acceptsUnsigned("unlisted")).isTrue();
        assertThat(doNothingDefault.acceptsUnsigned("pk")).isFalse();
    }

    @Test
    void logicalTableName_defaultsToTableName() {
        assertThat(valid().build().logicalTableName()).isEqualTo("orders");
        assertThat(valid().logicalTableName("orders-v1").build().logicalTableName()).isEqualTo("orders-v1");
        assertThat(valid().logicalTableName("orders-v1").build().tableName()).isEqualTo("orders");
    }

    @Test
    void toBuilder_build_givesAnEqualConfiguration() {
        TableConfig c = valid().logicalTableName("logical").action("status", CryptoAction.SIGN_ONLY)
                .action("hits", CryptoAction.DO_NOTHING).defaultAction(CryptoAction.SIGN_ONLY)
                .allowedUnsignedAttributes(List.of("views")).allowedUnsignedPrefix("x_").build();
        TableConfig noSortKey = TableConfig.builder().tableName("t").partitionKey("id")
                .materialsProvider(TestKeys.staticProvider()).build();

        TableConfig again = c.toBuilder().build();

        assertThat(again.toString()).isEqualTo(c.toString());
        assertThat(again.actions()).isEqualTo(c.actions());
        assertThat(again.materialsProvider()).isSameAs(c.materialsProvider());
        assertThat(noSortKey.toBuilder().build().sortKeyName()).isEmpty();
        assertThat(noSortKey.toBuilder().build().logicalTableName()).isEqualTo("t");
    }

    @Test
    void build_copiesCollectionsInAndOut() {
        List<String> allowed = new ArrayList<>(List.of("views"));
        TableConfig.Builder b = valid().allowedUnsignedAttributes(allowed).action("status", CryptoAction.SIGN_ONLY);
        TableConfig c = b.build();

        allowed.add("later");
        b.action("later", CryptoAction.SIGN_ONLY);

        assertThat(c.allowedUnsignedAttributes()).containsExactly("views");
        assertThat(c.actions()).doesNotContainKey("later");
        assertThatThrownBy(() -> c.actions().put("x", CryptoAction.DO_NOTHING))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.allowedUnsignedAttributes().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void actions_map_setsSeveralAtOnce() {
        TableConfig c = valid().actions(Map.of("a", CryptoAction.SIGN_ONLY, "b", CryptoAction.DO_NOTHING)).build();

        assertThat(c.actionFor("a")).isEqualTo(CryptoAction.SIGN_ONLY);
        assertThat(c.actionFor("b")).isEqualTo(CryptoAction.DO_NOTHING);
    }

    @Test
    void toString_namesConfigurationButNoKeys() {
        TableConfig c = valid().action("status", CryptoAction.SIGN_ONLY).build();

        assertThat(c.toString()).contains("orders", "pk", "sk", "status", "StaticProvider")
                .doesNotContain(java.util.HexFormat.of().formatHex(TestKeys.counting(32, 0)));
    }
}
