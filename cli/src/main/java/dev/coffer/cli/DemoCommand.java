package dev.coffer.cli;

import dev.coffer.CofferException;
import dev.coffer.ItemEncryptor;
import dev.coffer.dynalite.Dynalite;
import dev.coffer.dynalite.DynaliteException;
import dev.coffer.enhanced.CofferExtension;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.WrappedProvider;
import dev.coffer.materials.WrappingKey;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
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
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Show Coffer end to end on an embedded DynamoDB (dynalite, run with your Node.js 20+): sessions "
                + "written through the Enhanced Client, what DynamoDB stores, what the application reads, and tampering "
                + "caught. No AWS account needed.",
        footer = {"", "Examples:",
            "  coffer demo                                   # embedded dynalite in memory, fresh keys",
            "  coffer demo --data-dir ./demo-db --keyring keyring.json   # keep the table and use your keyring",
            "  coffer demo --endpoint-url http://127.0.0.1:4566          # another DynamoDB, e.g. LocalStack"})
final class DemoCommand implements Callable<Integer> {
    /** Named so that pointing the demo at a real account cannot touch an application's table. */
    static final String TABLE = "coffer-demo-sessions";

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Keep the embedded dynalite's data in DIR instead of memory.")
    Path dataDir;

    @Option(names = "--endpoint-url", paramLabel = "URL", description = "Use the DynamoDB at URL instead of the embedded "
            + "one (LocalStack, DynamoDB on AWS). On 127.0.0.1 or localhost any credentials do and dummy ones are sent; "
            + "elsewhere the AWS SDK's default credentials and region are used.")
    URI endpointUrl;

    @Option(names = {"-k", "--keyring"}, paramLabel = "FILE", description = "Use this keyring instead of fresh keys.")
    Path keyring;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (endpointUrl != null && dataDir != null) {
            throw new UsageError("--data-dir keeps the embedded dynalite's data and cannot be used with --endpoint-url; "
                    + "drop one of them");
        }
        MaterialsProvider provider = keyring != null ? Keyrings.load(keyring, err) : WrappedProvider.builder()
                .addWrappingKey(WrappingKey.aes("demo-wrapping-key", SecretBytes.random(32)))
                .addSigningKey("demo-signing-key", SecretBytes.random(32))
                .build();
        if (endpointUrl != null) {
            try (DynamoDbClient ddb = client(endpointUrl)) {
                return run(ddb, provider, out, "the DynamoDB at " + endpointUrl) ? CofferCli.OK : CofferCli.CRYPTO_FAILURE;
            }
        }
        try (Dynalite engine = startEngine(err); DynamoDbClient ddb = client(engine.endpoint())) {
            return run(ddb, provider, out, "dynalite, embedded (" + (dataDir == null ? "in memory" : "data in " + dataDir) + ")")
                    ? CofferCli.OK : CofferCli.CRYPTO_FAILURE;
        }
    }

    private Dynalite startEngine(PrintWriter err) {
        Dynalite.Builder engine = Dynalite.builder().progress(note -> {
            err.println("coffer: " + note);
            err.flush();
        });
        if (dataDir != null) {
            engine.dataDir(dataDir);
        }
        try {
            return engine.start();
        } catch (DynaliteException e) {
            if (e.reason() == DynaliteException.Reason.NODE_NOT_FOUND) {
                throw new UsageError("no Node.js found ('node' is not on PATH) and no --endpoint-url given: install Node.js "
                        + Dynalite.MIN_NODE_MAJOR + " or later for the demo's embedded DynamoDB (dynalite), or pass "
                        + "--endpoint-url URL of a running DynamoDB", e);
            }
            throw new UsageError("the demo's embedded DynamoDB (dynalite) did not start: " + e.getMessage()
                    + "; or pass --endpoint-url URL of a running DynamoDB", e);
        }
    }

    /**
     * A client for {@code endpoint}: on loopback, dummy credentials (local engines ignore them, and
     * real ones never leave for a test server); elsewhere the SDK's default credentials and region.
     */
    static DynamoDbClient client(URI endpoint) {
        if (endpoint.getScheme() == null || endpoint.getHost() == null) {
            throw new UsageError("--endpoint-url " + endpoint + " is not a URL: give scheme, host and port, "
                    + "e.g. http://127.0.0.1:4566");
        }
        var builder = DynamoDbClient.builder().endpointOverride(endpoint);
        if (Dynalite.isLoopback(endpoint.getHost())) {
            builder.region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("coffer-demo", "coffer-demo")));
        }
        try {
            return builder.build();
        } catch (SdkClientException e) {
            throw new UsageError("cannot use the DynamoDB at --endpoint-url " + endpoint + ": " + e.getMessage()
                    + " (set the region and credentials as for the AWS CLI, e.g. AWS_REGION)", e);
        }
    }

    boolean run(DynamoDbClient ddb, MaterialsProvider provider, PrintWriter out, String where) {
        out.println("Coffer demo: client-side encryption for DynamoDB, on " + where + " with "
                + (keyring == null ? "freshly generated local keys" : "keys from " + keyring) + ".");
        out.println();

        CofferExtension coffer = CofferExtension.create(provider);
        DynamoDbEnhancedClient client = DynamoDbEnhancedClient.builder().dynamoDbClient(ddb).extensions(coffer).build();
        DynamoDbTable<DemoSession> sessions = client.table(TABLE, TableSchema.fromBean(DemoSession.class));
        try {
            sessions.createTable();
            // Poll often: the SDK's default waiter sleeps 20 s after the first CREATING.
            DynamoDbWaiter.builder().client(ddb).overrideConfiguration(o -> o.backoffStrategyV2(BackoffStrategy.fixedDelay(
                    Duration.ofMillis(100))).maxAttempts(Integer.MAX_VALUE).waitTimeout(Duration.ofMinutes(5))).build()
                    .waitUntilTableExists(r -> r.tableName(TABLE));
            enableTimeToLive(ddb);
        } catch (ResourceInUseException exists) {
            // --data-dir or --endpoint-url from an earlier run: reuse the table.
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

    private static void enableTimeToLive(DynamoDbClient ddb) {
        try {
            ddb.updateTimeToLive(r -> r.tableName(TABLE).timeToLiveSpecification(t -> t.attributeName("expires_at").enabled(true)));
        } catch (DynamoDbException e) {
            // dynalite has no UpdateTimeToLive; expires_at stays a signed plaintext number all the same.
            if (e.awsErrorDetails() == null || !"UnknownOperationException".equals(e.awsErrorDetails().errorCode())) {
                throw e;
            }
        }
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
