package dev.coffer.cli;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import dev.coffer.CofferException;
import dev.coffer.ItemEncryptor;
import dev.coffer.enhanced.CofferExtension;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.WrappedProvider;
import dev.coffer.materials.WrappingKey;
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Show Coffer end to end on an embedded DynamoDB Local: sessions written through the Enhanced "
                + "Client, what DynamoDB stores, what the application reads, and tampering caught. No AWS account needed.",
        footer = {"", "Examples:",
            "  coffer demo                                   # in memory, fresh keys",
            "  coffer demo --data-dir ./demo-db --keyring keyring.json   # keep the table and use your keyring"})
final class DemoCommand implements Callable<Integer> {
    static final String TABLE = "sessions";

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Keep DynamoDB Local's data in DIR instead of memory.")
    Path dataDir;

    @Option(names = {"-k", "--keyring"}, paramLabel = "FILE", description = "Use this keyring instead of fresh keys.")
    Path keyring;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MaterialsProvider provider = keyring != null ? Keyring.load(keyring, err) : WrappedProvider.builder()
                .addWrappingKey(WrappingKey.aes("demo-wrapping-key", SecretBytes.random(32)))
                .addSigningKey("demo-signing-key", SecretBytes.random(32))
                .build();
        if (dataDir == null) {
            AmazonDynamoDBLocal local = DynamoDBEmbedded.create();
            try {
                return run(local.dynamoDbClient(), provider, out) ? CofferCli.OK : CofferCli.CRYPTO_FAILURE;
            } finally {
                local.shutdownNow();
            }
        }
        // Persistent data needs DynamoDB Local's server mode (-dbPath), listening on loopback only.
        Files.createDirectories(dataDir);
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        DynamoDBProxyServer server = quietly(() -> {
            DynamoDBProxyServer s = ServerRunner.createServerFromCommandLineArgs(new String[] {
                "-dbPath", dataDir.toAbsolutePath().toString(), "-sharedDb", "-port", Integer.toString(port),
                "-disableTelemetry"});
            s.start();
            return s;
        });
        try (DynamoDbClient ddb = DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("demo", "demo")))
                .build()) {
            return run(ddb, provider, out) ? CofferCli.OK : CofferCli.CRYPTO_FAILURE;
        } finally {
            server.stop();
        }
    }

    /** Runs {@code action} with standard output silenced (DynamoDB Local prints a banner on start). */
    private static <T> T quietly(Callable<T> action) throws Exception {
        PrintStream saved = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            return action.call();
        } finally {
            System.setOut(saved);
        }
    }

    boolean run(DynamoDbClient ddb, MaterialsProvider provider, PrintWriter out) {
        out.println("Coffer demo: client-side encryption for DynamoDB, on DynamoDB Local ("
                + (dataDir == null ? "in memory" : "data in " + dataDir) + ") with "
                + (keyring == null ? "freshly generated local keys" : "keys from " + keyring) + ".");
        out.println();

        CofferExtension coffer = CofferExtension.create(provider);
        DynamoDbEnhancedClient client = DynamoDbEnhancedClient.builder().dynamoDbClient(ddb).extensions(coffer).build();
        DynamoDbTable<DemoSession> sessions = client.table(TABLE, TableSchema.fromBean(DemoSession.class));
        try {
            sessions.createTable();
            ddb.waiter().waitUntilTableExists(r -> r.tableName(TABLE));
            ddb.updateTimeToLive(r -> r.tableName(TABLE).timeToLiveSpecification(t -> t.attributeName("expires_at").enabled(true)));
        } catch (ResourceInUseException exists) {
            // --data-dir from an earlier run: reuse the table.
        }
        out.println("1. The table '" + TABLE + "' holds login sessions (bean DemoSession):");
        out.println("     user_id, session_id   partition and sort key: plaintext (DynamoDB needs them), signed");
        out.println("     token, client_ip      encrypted and signed (the default)");
        out.println("     status                @SignOnly: readable, and any change is detected");
        out.println("     expires_at            @TimeToLive: a plaintext, signed number DynamoDB's TTL expires items by");
        out.println();

        long expiry = Instant.now().plusSeconds(3600).getEpochSecond();
        List<DemoSession> written = List.of(
                new DemoSession("alice", "s-1001", "tok_9f8e7d6c5b4a3921", "203.0.113.7", "ACTIVE", expiry),
                new DemoSession("alice", "s-1002", "tok_1a2b3c4d5e6f7081", "198.51.100.23", "REVOKED", expiry),
                new DemoSession("bob", "s-2001", "tok_0badc0ffee00d00d", "192.0.2.144", "ACTIVE", expiry));
        written.forEach(sessions::putItem);
        out.println("2. Wrote " + written.size() + " sessions with the Enhanced Client: sessions.putItem(session).");
        out.println();

        Map<String, AttributeValue> key = Map.of("user_id", AttributeValue.fromS("alice"),
                "session_id", AttributeValue.fromS("s-1001"));
        Map<String, AttributeValue> stored = ddb.getItem(r -> r.tableName(TABLE).key(key).consistentRead(true)).item();
        DemoSession read = sessions.getItem(r -> r.key(Key.builder().partitionValue("alice").sortValue("s-1001").build())
                .consistentRead(true));
        Map<String, String> app = Map.of("user_id", read.getUserId(), "session_id", read.getSessionId(),
                "token", read.getToken(), "client_ip", read.getClientIp(), "status", read.getStatus(),
                "expires_at", String.valueOf(read.getExpiresAt()));
        out.println("3. Session alice/s-1001: what DynamoDB stores (low-level GetItem) and what the application reads");
        out.println("   (sessions.getItem, verified and decrypted):");
        out.println();
        out.printf("   %-12s  %-46s  %s%n", "attribute", "stored in DynamoDB", "read by the application");
        out.printf("   %-12s  %-46s  %s%n", "-".repeat(12), "-".repeat(46), "-".repeat(24));
        for (String name : new TreeSet<>(stored.keySet())) {
            String mine = app.get(name);
            out.printf("   %-12s  %-46s  %s%n", name, show(stored.get(name)),
                    mine != null ? mine : name.equals(ItemEncryptor.HEADER_ATTRIBUTE) ? "(Coffer header: keys, legend)"
                            : "(Coffer signature)");
        }
        out.println();
        out.println("   DynamoDB, its backups, streams and exports only ever see the middle column.");
        out.println();

        out.println("4. An attacker with write access to the table tampers with stored items (low-level client):");
        boolean allCaught = true;
        Map<String, AttributeValue> flipped = new HashMap<>(stored);
        byte[] token = stored.get("token").b().asByteArray();
        token[token.length / 2] ^= 0x01;
        flipped.put("token", AttributeValue.fromB(SdkBytes.fromByteArray(token)));
        allCaught &= tamper(ddb, sessions, out, "flips one byte of alice's encrypted token", flipped, "alice", "s-1001");

        Map<String, AttributeValue> revived = new HashMap<>(ddb.getItem(r -> r.tableName(TABLE).consistentRead(true)
                .key(Map.of("user_id", AttributeValue.fromS("alice"), "session_id", AttributeValue.fromS("s-1002")))).item());
        revived.put("status", AttributeValue.fromS("ACTIVE"));
        allCaught &= tamper(ddb, sessions, out, "reactivates alice's REVOKED session (status is readable, but signed)",
                revived, "alice", "s-1002");

        Map<String, AttributeValue> stolen = new HashMap<>(ddb.getItem(r -> r.tableName(TABLE).consistentRead(true)
                .key(Map.of("user_id", AttributeValue.fromS("bob"), "session_id", AttributeValue.fromS("s-2001")))).item());
        stolen.put("user_id", AttributeValue.fromS("mallory"));
        allCaught &= tamper(ddb, sessions, out, "copies bob's session under user mallory", stolen, "mallory", "s-2001");
        out.println();
        if (allCaught) {
            out.println("Every protected value stayed ciphertext in the table, and every tampered item was refused on read:");
            out.println("the application never saw forged data. Next: 'coffer keygen' for a keyring of your own,");
            out.println("'coffer inspect' to see what protects a stored item, docs/enhanced-client.md to use Coffer.");
        } else {
            out.println("A tampered item was NOT detected. This is a bug; please report it.");
        }
        out.flush();
        return allCaught;
    }

    private static boolean tamper(DynamoDbClient ddb, DynamoDbTable<DemoSession> sessions, PrintWriter out, String what,
            Map<String, AttributeValue> tampered, String user, String session) {
        ddb.putItem(r -> r.tableName(TABLE).item(tampered));
        out.println("   - the attacker " + what + ";");
        try {
            sessions.getItem(r -> r.key(Key.builder().partitionValue(user).sortValue(session).build()).consistentRead(true));
            out.println("     the read SUCCEEDED: not detected");
            return false;
        } catch (CofferException e) {
            out.println("     the application's read fails with " + e.getClass().getSimpleName() + ":");
            wrap(out, e.getMessage(), "       ", 100);
            return true;
        }
    }

    /** Prints {@code text} word-wrapped at {@code width} columns, every line indented. */
    static void wrap(PrintWriter out, String text, String indent, int width) {
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.split(" ")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
                out.println(line);
                line = new StringBuilder(indent);
            }
            if (line.length() > indent.length()) {
                line.append(' ');
            }
            line.append(word);
        }
        out.println(line);
    }

    private static String show(AttributeValue v) {
        if (v.s() != null) {
            return "S  " + v.s();
        }
        if (v.n() != null) {
            return "N  " + v.n();
        }
        if (v.b() != null) {
            byte[] b = v.b().asByteArrayUnsafe();
            return "B  " + HexFormat.of().formatHex(b, 0, Math.min(b.length, 10)) + (b.length > 10 ? "... " : " ")
                    + "(" + b.length + " bytes)";
        }
        return v.toString();
    }
}
