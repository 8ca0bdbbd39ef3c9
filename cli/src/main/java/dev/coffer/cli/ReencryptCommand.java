package dev.coffer.cli;

import dev.coffer.SkippedItem;
import dev.coffer.TableConfig;
import dev.coffer.json.DynamoDbJson;
import dev.coffer.migration.PlaintextPhase;
import dev.coffer.reencrypt.ReEncryptionListener;
import dev.coffer.reencrypt.ReEncryptionProgress;
import dev.coffer.reencrypt.ReEncryptionSummary;
import dev.coffer.reencrypt.ReEncryptor;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code coffer reencrypt}: {@link ReEncryptor} on a table, with progress, a checkpoint and a summary. */
@Command(name = "reencrypt", mixinStandardHelpOptions = true,
        description = "Rewrite every item of a DynamoDB table that is plaintext, legacy (with the --legacy-* options), or written under a retired key or an "
                + "old configuration, into the current configuration. Conditional writes: an item a live application "
                + "changes meanwhile is re-read and retried, never overwritten. Items that fail verification are "
                + "reported and left as they are.",
        footer = {"", "Examples:",
            "  coffer reencrypt --keyring keyring.json --config sessions.json --dry-run      # count only",
            "  coffer reencrypt --keyring keyring.json --config sessions.json --checkpoint sessions.ckpt --max-items-per-second 200",
            "  coffer reencrypt --keyring keyring.json --config sessions.json --plaintext-phase WRITE_ENCRYPTED_READ_BOTH",
            "  coffer reencrypt --keyring keyring.json --config accounts.json --legacy-kms-key arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "", "Exit codes: 0 done; 1 some items failed verification (listed) or could not be rewritten;",
            "            2 usage or configuration error. Ctrl-C saves the checkpoint; run again to resume.",
            "Rollout steps: docs/migration.md."})
final class ReencryptCommand implements Callable<Integer> {
    @ParentCommand
    CofferCli parent;

    @Spec
    CommandSpec spec;

    @Mixin
    TableOptions table = new TableOptions();

    @Mixin
    KeyOptions keys = new KeyOptions();

    @Mixin
    LegacyOptions legacy = new LegacyOptions();

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "DynamoDB endpoint (LocalStack, dynalite, a VPC endpoint). On 127.0.0.1 or localhost dummy "
                    + "credentials are sent; otherwise the AWS SDK's default credentials and region are used.")
    URI endpointUrl;

    @Option(names = "--plaintext-phase", paramLabel = "PHASE", defaultValue = "ENCRYPTED_ONLY",
            description = "The table's plaintext phase: ENCRYPTED_ONLY (default: plaintext items are reported, not "
                    + "rewritten) or WRITE_ENCRYPTED_READ_BOTH (a table being migrated from plaintext: they are rewritten).")
    String plaintextPhase;

    @Option(names = "--segments", paramLabel = "N", defaultValue = "4",
            description = "Parallel scan segments, one thread each (default 4, at most 1000).")
    int segments;

    @Option(names = "--page-size", paramLabel = "N", defaultValue = "100",
            description = "Items per Scan page; the checkpoint advances per page (default 100, at most 1000).")
    int pageSize;

    @Option(names = "--max-items-per-second", paramLabel = "N",
            description = "Rate limit over all segments, in items per second (default: none).")
    Double maxItemsPerSecond;

    @Option(names = "--max-write-units-per-second", paramLabel = "N",
            description = "Rate limit in write capacity units per second, as DynamoDB reports them (default: none).")
    Double maxWriteUnitsPerSecond;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Save progress to FILE after every page and resume from it when run again (after a crash "
                    + "or Ctrl-C); deleted when the table is done.")
    Path checkpoint;

    @Option(names = "--dry-run", description = "Verify and count what would be rewritten; write nothing.")
    boolean dryRun;

    @Option(names = "--progress", negatable = true,
            description = "Print progress (items, rate, ETA) to standard error every second. Default: only when "
                    + "standard error is a terminal; --no-progress never.")
    Boolean progress;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PlaintextPhase phase = phase(plaintextPhase);
        // Created when first needed (the legacy meta-store, or the run), so flag errors come first.
        DynamoDbClient[] ddb = new DynamoDbClient[1];
        Supplier<DynamoDbClient> client = () -> {
            if (ddb[0] == null) {
                ddb[0] = client(endpointUrl);
            }
            return ddb[0];
        };
        try {
            TableConfig config = legacy.apply(table.build(keys.provider(err, parent), parent), table, keys, parent, err,
                    client).toBuilder().plaintextPhase(phase).build();
            return run(config, client, out, err);
        } finally {
            if (ddb[0] != null) {
                ddb[0].close();
            }
        }
    }

    private Integer run(TableConfig config, Supplier<DynamoDbClient> ddb, PrintWriter out, PrintWriter err) {
        ReEncryptor.Builder b = ReEncryptor.builder().tableConfig(config).dryRun(dryRun);
        b.segments(check("--segments", segments, 1, ReEncryptor.Builder.MAX_SEGMENTS));
        b.pageSize(check("--page-size", pageSize, 1, ReEncryptor.Builder.MAX_PAGE_SIZE));
        if (maxItemsPerSecond != null) {
            b.maxItemsPerSecond(positive("--max-items-per-second", maxItemsPerSecond));
        }
        if (maxWriteUnitsPerSecond != null) {
            b.maxWriteUnitsPerSecond(positive("--max-write-units-per-second", maxWriteUnitsPerSecond));
        }
        if (checkpoint != null) {
            b.checkpointFile(parent.resolve(checkpoint));
        }
        boolean showProgress = progress != null ? progress : Progress.isTerminal();
        Object lock = new Object();
        b.listener(new ReEncryptionListener() {
            @Override
            public void failed(SkippedItem item) {
                synchronized (lock) {
                    err.println("coffer: left as it is: table '" + item.tableName() + "', key "
                            + DynamoDbJson.writeItem(item.primaryKey()) + ": " + item.reason().getClass().getSimpleName() + ": "
                            + CliMessages.translate(item.reason().getMessage()).replace('\n', ' '));
                    err.flush();
                }
            }

            @Override
            public void progress(ReEncryptionProgress p) {
                if (showProgress) {
                    synchronized (lock) {
                        err.println("coffer: reencrypt: " + p);
                        err.flush();
                    }
                }
            }
        });
        ReEncryptor reEncryptor = b.dynamoDbClient(ddb.get()).build();
        ReEncryptionSummary summary = runStoppable(reEncryptor, out);
        return summary.failed() > 0 ? CofferCli.CRYPTO_FAILURE : CofferCli.OK;
    }

    /**
     * Runs with a shutdown hook, so Ctrl-C stops the scan, keeps the checkpoint for the next run, and
     * the summary is printed before the JVM exits.
     */
    private static ReEncryptionSummary runStoppable(ReEncryptor reEncryptor, PrintWriter out) {
        CountDownLatch ended = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            reEncryptor.stop();
            try {
                ended.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "coffer-reencrypt-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            ReEncryptionSummary summary = reEncryptor.run();
            out.println("coffer reencrypt: " + summary);
            out.flush();
            return summary;
        } finally {
            ended.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is exiting (Ctrl-C): the hook has stopped the run; the summary is printed if there is time.
            }
        }
    }

    /** A DynamoDB client for {@code endpointUrl} (--endpoint-url), else the SDK's defaults. */
    static DynamoDbClient client(URI endpointUrl) {
        if (endpointUrl != null) {
            return DemoCommand.client(endpointUrl);
        }
        try {
            return DynamoDbClient.builder().build();
        } catch (SdkClientException e) {
            throw new UsageError("cannot create a DynamoDB client: the SDK said \"" + e.getMessage() + "\". Set the "
                    + "region and credentials as for the AWS CLI (e.g. AWS_REGION), or pass --endpoint-url", e);
        }
    }

    private static PlaintextPhase phase(String text) {
        PlaintextPhase phase;
        try {
            phase = PlaintextPhase.valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new UsageError("--plaintext-phase '" + text + "' is not a phase; use ENCRYPTED_ONLY or "
                    + "WRITE_ENCRYPTED_READ_BOTH (see docs/migration.md)");
        }
        if (phase.writesPlaintext()) {
            throw new UsageError("--plaintext-phase WRITE_PLAINTEXT_READ_BOTH: in that phase writers still write "
                    + "plaintext and some readers may not read Coffer items yet; re-encrypt once every writer runs "
                    + "WRITE_ENCRYPTED_READ_BOTH, and pass that (see docs/migration.md)");
        }
        return phase;
    }

    private static int check(String flag, int value, int min, int max) {
        if (value < min || value > max) {
            throw new UsageError(flag + " must be " + min + " to " + max + ", got " + value);
        }
        return value;
    }

    private static double positive(String flag, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new UsageError(flag + " must be a positive number, got " + value);
        }
        return value;
    }
}
