package dev.coffer.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.ConfigurationException;
import dev.coffer.ItemEncryptor;
import dev.coffer.enhanced.CofferExtension;
import dev.coffer.kms.testkit.Fault;
import dev.coffer.kms.testkit.Operation;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.StaticProvider;
import dev.coffer.materials.WrappedProvider;
import dev.coffer.mostrecent.MetaStore;
import dev.coffer.mostrecent.MostRecentProvider;
import dev.coffer.spring.app.ExampleApplication;
import dev.coffer.spring.app.Patient;
import dev.coffer.spring.app.PatientService;
import dev.coffer.spring.bad.EncryptedKey;
import dev.coffer.spring.health.CofferHealth;
import dev.coffer.testfixtures.TestDynamo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Start-up behaviour: the schema check, overriding beans, the keyring, the customizers and health. */
class CofferStartupTest {

    private static ConfigurableApplicationContext start(Map<String, Object> properties, Class<?>... sources) {
        List<Class<?>> all = new ArrayList<>(List.of(ExampleApplication.class));
        all.addAll(List.of(sources));
        return new SpringApplicationBuilder(all.toArray(Class<?>[]::new)).properties(properties)
                .run(Engines.asArgs(Map.of("spring.main.banner-mode", "off")));
    }

    /** The outermost ConfigurationException in the chain Spring wraps it in. */
    private static ConfigurationException cofferCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException c) {
                return c;
            }
        }
        throw new AssertionError("no ConfigurationException in the chain", e);
    }

    private static Map<String, Object> props(String prefix) {
        return Engines.properties(prefix);
    }

    @Configuration
    static class BadSchema {
        @Bean
        TableSchema<EncryptedKey> badSchema() {
            return TableSchema.fromBean(EncryptedKey.class);
        }
    }

    @Test
    void startup_tableSchemaBeanEncryptingItsKey_failsWithCoffersMessage() {
        String prefix = TestDynamo.uniqueName("bad") + "-";
        assertThatThrownBy(() -> start(props(prefix), BadSchema.class).close())
                .satisfies(e -> assertThat(cofferCause(e))
                .hasMessageContaining("Coffer start-up check of TableSchema bean 'badSchema'")
                .hasMessageContaining("table '" + prefix + "encrypted_key'")
                .hasMessageContaining("'id' is the partition key and cannot be encrypted"));
    }

    @Test
    void startup_noKeysConfigured_failsSayingWhatToSet() {
        Map<String, Object> p = new java.util.LinkedHashMap<>(props(TestDynamo.uniqueName("nokey") + "-"));
        p.remove("coffer.kms.key-arn");
        assertThatThrownBy(() -> start(p).close())
                .satisfies(e -> assertThat(cofferCause(e)).hasMessageContaining("set coffer.kms.key-arn"));
    }

    @Configuration
    static class UserBeans {
        static final MaterialsProvider PROVIDER = StaticProvider.builder().keyId("user-key")
                .dataKey(SecretBytes.random(32)).signingKey(SecretBytes.random(32)).build();

        @Bean
        MaterialsProvider myProvider() {
            return PROVIDER;
        }

        @Bean
        CofferTableCustomizer unsignedEtl() {
            return (table, options) -> options.allowedUnsignedAttributes(List.of("etl_" + table));
        }
    }

    @Test
    void userBeans_overrideTheDefaults_andCustomizersSeeEveryTable() {
        String prefix = TestDynamo.uniqueName("user") + "-";
        long kms0 = Engines.KMS.totalCalls();
        try (ConfigurableApplicationContext ctx = start(props(prefix), UserBeans.class)) {
            assertThat(ctx.getBean(MaterialsProvider.class)).isSameAs(UserBeans.PROVIDER);
            assertThat(ctx.getBeanNamesForType(software.amazon.awssdk.services.kms.KmsClient.class))
                    .as("no KMS client for a provider the application brings").isEmpty();
            PatientService patients = ctx.getBean(PatientService.class);
            patients.save(new Patient("u-1", "n", "s", "active"));
            assertThat(patients.find("u-1").getSsn()).isEqualTo("s");
            @SuppressWarnings("unchecked")
            TableSchema<Patient> schema = ctx.getBean(TableSchema.class);
            assertThat(ctx.getBean(CofferExtension.class).tableConfig(prefix + "patient", schema)
                    .allowedUnsignedAttributes()).contains("etl_" + prefix + "patient");
        }
        assertThat(Engines.KMS.totalCalls()).as("the user's provider, not KMS").isEqualTo(kms0);
    }

    @Configuration
    static class UserClient {
        static DynamoDbEnhancedClient client;

        @Bean
        DynamoDbEnhancedClient myEnhancedClient(DynamoDbClient ddb) {
            client = DynamoDbEnhancedClient.builder().dynamoDbClient(ddb).build();
            return client;
        }
    }

    @Test
    void userEnhancedClient_isKept() {
        try (ConfigurableApplicationContext ctx = start(props(TestDynamo.uniqueName("client") + "-"), UserClient.class)) {
            assertThat(ctx.getBean(DynamoDbEnhancedClient.class)).isSameAs(UserClient.client);
        }
    }

    @Test
    void keyringFile_protectsItemsWithoutKms(@TempDir Path dir) throws Exception {
        Path keyring = dir.resolve("keyring.json");
        dev.coffer.keyring.Keyring generated = dev.coffer.keyring.Keyring.generate();
        dev.coffer.keyring.KeyringFile.write(keyring, generated, false);
        Map<String, Object> p = new java.util.LinkedHashMap<>(props(TestDynamo.uniqueName("ring") + "-"));
        p.remove("coffer.kms.key-arn");
        p.put("coffer.keyring.file", keyring.toString());
        long kms0 = Engines.KMS.totalCalls();
        try (ConfigurableApplicationContext ctx = start(p)) {
            assertThat(ctx.getBean(MaterialsProvider.class)).isInstanceOfSatisfying(WrappedProvider.class,
                    w -> assertThat(w.currentWrappingKeyId()).isEqualTo(generated.currentWrappingKey().orElseThrow()));
            PatientService patients = ctx.getBean(PatientService.class);
            patients.save(new Patient("k-1", "n", "secret", "active"));
            assertThat(patients.find("k-1").getSsn()).isEqualTo("secret");
            assertThat(ctx.getBeanNamesForType(software.amazon.awssdk.services.kms.KmsClient.class)).isEmpty();
        }
        assertThat(Engines.KMS.totalCalls()).isEqualTo(kms0);
    }

    @Test
    void keyringFileOthersMayRead_failsStartup_unlessAllowed(@TempDir Path dir) throws Exception {
        Path keyring = dir.resolve("keyring.json");
        dev.coffer.keyring.KeyringFile.write(keyring, dev.coffer.keyring.Keyring.generate(), false);
        Files.setPosixFilePermissions(keyring, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Map<String, Object> p = new java.util.LinkedHashMap<>(props(TestDynamo.uniqueName("ring") + "-"));
        p.remove("coffer.kms.key-arn");
        p.put("coffer.keyring.file", keyring.toString());

        assertThatThrownBy(() -> start(p).close()).hasRootCauseInstanceOf(ConfigurationException.class)
                .rootCause().hasMessageStartingWith("coffer.keyring.file: keyring '" + keyring + "' can be read by other users")
                .hasMessageContaining("chmod 600").hasMessageContaining("set coffer.keyring.allow-insecure-file=true");

        p.put("coffer.keyring.allow-insecure-file", "true");
        try (ConfigurableApplicationContext ctx = start(p)) {
            assertThat(ctx.getBean(MaterialsProvider.class)).isInstanceOf(WrappedProvider.class);
        }
    }

    @Test
    void mostRecentProperties_buildTheMostRecentProvider_andOneKmsDecryptServesManyItems() {
        String prefix = TestDynamo.uniqueName("mr") + "-";
        String metaStore = prefix + "meta";
        MetaStore.createTable(TestDynamo.client(), metaStore);
        Map<String, Object> p = new java.util.LinkedHashMap<>(props(prefix));
        p.put("coffer.most-recent.table", metaStore);
        p.put("coffer.most-recent.material-name", "example-app");
        p.put("coffer.most-recent.ttl", "10m");
        long gdk0 = Engines.KMS.calls(Operation.GENERATE_DATA_KEY);
        long dec0 = Engines.KMS.calls(Operation.DECRYPT);
        try (ConfigurableApplicationContext ctx = start(p)) {
            assertThat(ctx.getBean(MaterialsProvider.class)).isInstanceOfSatisfying(MostRecentProvider.class,
                    m -> assertThat(m.toString()).contains("material=example-app").contains("ttl=PT10M"));
            PatientService patients = ctx.getBean(PatientService.class);
            for (int i = 0; i < 5; i++) {
                patients.save(new Patient("mr-" + i, "n", "secret " + i, "active"));
                assertThat(patients.find("mr-" + i).getSsn()).isEqualTo("secret " + i);
            }
            assertThat(TestDynamo.client().scan(r -> r.tableName(metaStore)).count())
                    .as("version 1 of the material was created in the meta-store").isEqualTo(1);
            assertThat(ctx.getBean(CofferHealth.class).health().getDetails().get("mostRecent"))
                    .isEqualTo(Map.of("example-app", CofferHealth.MaterialState.OK));
        }
        assertThat(Engines.KMS.calls(Operation.GENERATE_DATA_KEY) - gdk0).as("one data key for version 1")
                .isEqualTo(1);
        assertThat(Engines.KMS.calls(Operation.DECRYPT) - dec0).as("ten items, no per-item KMS call")
                .isLessThanOrEqualTo(1);
    }

    @Test
    void plaintextPhaseProperty_readsAPlaintextItem_andWritesEncrypted() {
        String prefix = TestDynamo.uniqueName("phase") + "-";
        String table = prefix + "patient";
        Map<String, Object> p = new java.util.LinkedHashMap<>(props(prefix));
        p.put("coffer.tables." + table + ".plaintext-phase", "write-encrypted-read-both");
        TestDynamo.client().putItem(r -> r.tableName(table).item(Map.of(
                "id", AttributeValue.fromS("old-1"), "name", AttributeValue.fromS("Grace Hopper"),
                "ssn", AttributeValue.fromS("987-65-4321"), "status", AttributeValue.fromS("active"))));
        try (ConfigurableApplicationContext ctx = start(p)) {
            PatientService patients = ctx.getBean(PatientService.class);

            assertThat(patients.find("old-1").getSsn()).as("a plaintext item, read during the migration")
                    .isEqualTo("987-65-4321");
            patients.save(new Patient("new-1", "n", "111", "active"));
            Map<String, AttributeValue> stored = TestDynamo.client()
                    .getItem(r -> r.tableName(table).key(Map.of("id", AttributeValue.fromS("new-1")))).item();
            assertThat(stored.get("ssn").b()).as("written encrypted").isNotNull();
            assertThat(stored).containsKey(ItemEncryptor.HEADER_ATTRIBUTE);
        }
    }

    @Test
    void legacyPhaseProperty_withoutALegacyReaderBean_failsSayingWhatIsMissing() {
        String prefix = TestDynamo.uniqueName("legacy") + "-";
        Map<String, Object> p = new java.util.LinkedHashMap<>(props(prefix));
        p.put("coffer.tables." + prefix + "patient.legacy-phase", "coffer-only");
        assertThatThrownBy(() -> start(p).close())
                .satisfies(e -> assertThat(cofferCause(e)).hasMessageContaining("coffer.tables." + prefix
                        + "patient.legacy-phase is set, but there is no LegacyReader bean"));
    }

    @Test
    void health_kmsDeniesThreeRequestsInARow_isDownUntilASuccess() {
        Map<String, Object> p = new java.util.LinkedHashMap<>(props(TestDynamo.uniqueName("health") + "-"));
        p.put("coffer.cache.enabled", "false");
        try (ConfigurableApplicationContext ctx = start(p)) {
            CofferHealth health = ctx.getBean(CofferHealth.class);
            PatientService patients = ctx.getBean(PatientService.class);
            patients.save(new Patient("h-0", "n", "s", "active"));
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);

            Engines.KMS.inject(Fault.accessDenied().operation(Operation.GENERATE_DATA_KEY).times(3).build());
            for (int i = 1; i <= 3; i++) {
                String id = "h-" + i;
                assertThatThrownBy(() -> patients.save(new Patient(id, "n", "s", "active")))
                        .hasMessageContaining("GenerateDataKey");
            }
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.health().getDetails().get("kms").toString()).contains("AccessDeniedException");

            patients.save(new Patient("h-4", "n", "s", "active"));
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        } finally {
            Engines.KMS.clearFaults();
        }
    }
}
