package dev.coffer.dynalite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

class DynaliteTest {

    private static DynamoDbClient client(Dynalite engine) {
        return DynamoDbClient.builder().endpointOverride(engine.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build();
    }

    /** Creates table {@code name} and waits, polling every few milliseconds, until it is ACTIVE. */
    private static void createTable(DynamoDbClient ddb, String name) {
        ddb.createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build()));
        DynamoDbWaiter.builder().client(ddb).overrideConfiguration(o -> o.backoffStrategyV2(BackoffStrategy.fixedDelay(
                Duration.ofMillis(5))).maxAttempts(Integer.MAX_VALUE).waitTimeout(Duration.ofSeconds(30))).build()
                .waitUntilTableExists(r -> r.tableName(name));
    }

    @Test
    void start_inMemory_servesDynamoDbOnLoopback() {
        try (Dynalite engine = Dynalite.builder().start(); DynamoDbClient ddb = client(engine)) {
            createTable(ddb, "things");
            ddb.putItem(r -> r.tableName("things").item(Map.of("pk", AttributeValue.fromS("a"), "n", AttributeValue.fromN("1.50E3"))));

            assertThat(engine.endpoint().toString()).isEqualTo("http://127.0.0.1:" + engine.port());
            assertThat(ddb.describeTable(r -> r.tableName("things")).table().tableStatus()).isEqualTo(TableStatus.ACTIVE);
            assertThat(ddb.getItem(r -> r.tableName("things").key(Map.of("pk", AttributeValue.fromS("a")))).item())
                    .containsEntry("n", AttributeValue.fromN("1500"));
        }
    }

    @Test
    void close_stopsTheServer() {
        Dynalite engine = Dynalite.builder().start();
        int port = engine.port();

        engine.close();
        engine.close();

        assertThat(engine.isRunning()).isFalse();
        assertThat(Dynalite.accepts(port)).isFalse();
    }

    @Test
    void start_withDataDir_keepsTablesAndItemsAcrossRestarts(@TempDir Path data) {
        try (Dynalite first = Dynalite.builder().dataDir(data).start(); DynamoDbClient ddb = client(first)) {
            createTable(ddb, "kept");
            ddb.putItem(r -> r.tableName("kept").item(Map.of("pk", AttributeValue.fromS("k"))));
        }
        try (Dynalite second = Dynalite.builder().dataDir(data).start(); DynamoDbClient ddb = client(second)) {
            assertThat(ddb.listTables().tableNames()).containsExactly("kept");
            assertThat(ddb.getItem(r -> r.tableName("kept").key(Map.of("pk", AttributeValue.fromS("k")))).item()).isNotEmpty();
        }
    }

    @Test
    void start_twoServers_getTheirOwnPortsAndData() {
        try (Dynalite a = Dynalite.builder().start(); Dynalite b = Dynalite.builder().start();
                DynamoDbClient ddbA = client(a); DynamoDbClient ddbB = client(b)) {
            createTable(ddbA, "only_in_a");

            assertThat(a.port()).isNotEqualTo(b.port());
            assertThat(ddbB.listTables().tableNames()).isEmpty();
        }
    }

    /** A JVM killed without running its shutdown hooks still leaves no server behind. */
    @Test
    void starterKilled_serverExitsByItself() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process starter = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Starter.class.getName()).redirectErrorStream(true).start();
        long pid;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(starter.getInputStream(), StandardCharsets.UTF_8))) {
            String line = r.readLine();
            assertThat(line).as("the starter's first line").startsWith("pid ");
            pid = Long.parseLong(line.substring(4).strip());
        }
        ProcessHandle server = ProcessHandle.of(pid).orElseThrow();

        starter.destroyForcibly().waitFor();

        assertThat(server.onExit().get(60, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    /** Run in a child JVM by {@link #starterKilled_serverExitsByItself}: starts a server, prints its pid, waits. */
    static final class Starter {
        public static void main(String[] args) throws Exception {
            Dynalite.builder().start();
            long pid = ProcessHandle.current().children().filter(p -> p.info().command().orElse("").contains("node"))
                    .findFirst().orElseThrow().pid();
            System.out.println("pid " + pid);
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        }
    }

    @Test
    void locate_fromAModuleFolder_findsTheRepositoryInstall() {
        Path dir = Dynalite.locate();

        assertThat(dir.getFileName()).hasToString("dynalite");
        assertThat(dir.resolve("package-lock.json")).isRegularFile();
        assertThat(dir.resolve("node_modules/dynalite/cli.js")).isRegularFile();
    }

    @Test
    void locate_propertyNamingAnotherFolder_throwsNotInstalledNamingIt(@TempDir Path elsewhere) {
        String saved = System.getProperty(Dynalite.DIR_PROPERTY);
        System.setProperty(Dynalite.DIR_PROPERTY, elsewhere.toString());
        try {
            assertThatThrownBy(Dynalite::locate).isInstanceOf(DynaliteException.class)
                    .hasMessageContaining(elsewhere.toString()).hasMessageContaining("package-lock.json")
                    .extracting(e -> ((DynaliteException) e).reason()).isEqualTo(DynaliteException.Reason.NOT_INSTALLED);
        } finally {
            if (saved == null) {
                System.clearProperty(Dynalite.DIR_PROPERTY);
            } else {
                System.setProperty(Dynalite.DIR_PROPERTY, saved);
            }
        }
    }

    @Test
    void start_installDirWithoutPackageLock_throwsNotInstalled(@TempDir Path empty) throws IOException {
        Files.writeString(empty.resolve("package.json"), "{}");

        assertThatThrownBy(() -> Dynalite.builder().installDir(empty).start()).isInstanceOf(DynaliteException.class)
                .hasMessageContaining(empty.toString());
    }

    @Test
    void nodeMajor_readsNodeVersionOutput() {
        assertThat(List.of("v20.20.2\n", "v18.19.0", "v100.0.0", "20.1.0", "node v20", ""))
                .map(Dynalite::nodeMajor).containsExactly(20, 18, 100, -1, -1, -1);
    }
}
