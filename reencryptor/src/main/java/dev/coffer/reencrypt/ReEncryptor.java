package dev.coffer.reencrypt;

import dev.coffer.ConfigurationException;
import dev.coffer.DynamoDbValues;
import dev.coffer.IntegrityException;
import dev.coffer.InvalidItemException;
import dev.coffer.ItemDescription;
import dev.coffer.ItemEncryptor;
import dev.coffer.beacon.StandardBeacon;
import dev.coffer.MaterialsException;
import dev.coffer.SkippedItem;
import dev.coffer.TableConfig;
import dev.coffer.CryptoAction;
import dev.coffer.materials.spi.EncryptionContext;
import dev.coffer.materials.spi.MaterialsDescription;
import dev.coffer.migration.ItemKind;
import dev.coffer.migration.LegacyReader;
import dev.coffer.migration.PlaintextPhase;
import dev.coffer.reencrypt.internal.Checkpoint;
import dev.coffer.reencrypt.internal.RateLimiter;
import dev.coffer.reencrypt.internal.WriteCondition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Rewrites every item of one table that is not in the table's current configuration: legacy items
 * (through the configuration's {@link LegacyReader}), plaintext items (if the configuration's
 * {@link PlaintextPhase} reads them), and Coffer items written under another key or provider
 * (a materials description whose provider, key ids or parameters differ from what the provider
 * writes now) or with other actions than the configuration's. Every item is verified first; one
 * that fails verification is reported ({@link ReEncryptionListener#failed}: table, key, reason,
 * never values) and left untouched.
 *
 * <p><strong>No write is lost.</strong> Each rewrite is a {@code PutItem} conditional on the stored
 * item still being exactly the version read (its {@code coffer_sig}, or for legacy and plaintext
 * items every attribute, plus the absence of every configured attribute it lacked; see
 * docs/migration.md). If a live application changed the item meanwhile, the put fails, the item is
 * re-read (consistently) and handled again: {@link ReEncryptionSummary#retried}. One limit: an
 * attribute that the configuration does not name, added in place after the read, is invisible to
 * any condition; name every attribute your writers may add in place, or run this after writers
 * write whole items only.
 *
 * <p>The table is scanned in parallel segments (one thread each), consistently, page by page. With a
 * checkpoint file, each segment's position after every page is saved atomically; a run that stops
 * (a crash, Ctrl-C, {@link #stop()}, an interrupt) resumes from there when run again with the same
 * file, table and segment count, and the file is deleted when the table is done. Items of a page
 * that was not finished are looked at again, which is harmless: an item already rewritten is then
 * already current. A rate limit (items per second, write units per second, or both) is shared by
 * all segments. A dry run verifies and counts, and writes nothing.
 *
 * <pre>{@code
 * ReEncryptionSummary s = ReEncryptor.builder()
 *         .dynamoDbClient(ddb)
 *         .tableConfig(config)                  // the current configuration; phases say what it may read
 *         .segments(4)
 *         .maxItemsPerSecond(500)
 *         .checkpointFile(Path.of("sessions.checkpoint"))
 *         .listener(new ReEncryptionListener() {
 *             public void failed(SkippedItem item) { log.warn("left as is: {}", item); }
 *         })
 *         .build()
 *         .run();
 * }</pre>
 *
 * <p>The configuration's plaintext phase must not be {@code WRITE_PLAINTEXT_READ_BOTH}: in that phase
 * some readers may not read Coffer items yet. A plaintext item is rewritten only if the phase reads
 * plaintext ({@code WRITE_ENCRYPTED_READ_BOTH}), and a legacy item only in {@code READ_LEGACY_WRITE_COFFER};
 * otherwise they are reported as failures, so an item planted after the migration is never turned
 * into a signed one. "Current" materials are the description (provider, key ids, parameters) the
 * provider returns for the first Coffer item met, asked once per run; every provider in Coffer
 * returns the same one for every item of a table. A provider whose description depends on the item
 * would have its items compared with the first item's.
 *
 * <p>Thread-safety: {@link #run()} runs once at a time per instance (a second concurrent call is
 * refused); {@link #stop()} may be called from any thread. The builder is not thread-safe.
 */
public final class ReEncryptor {
    /** The extension's list of unsigned attributes ({@code CofferExtension.UNSIGNED_ATTRIBUTE}); see {@link #withUnsignedList}. */
    static final String UNSIGNED_LIST = "coffer_unsigned";
    private final DynamoDbClient ddb;
    private final TableConfig config;
    private final ItemEncryptor encryptor;
    private final int segments;
    private final int pageSize;
    private final Double itemsPerSecond;
    private final Double writeUnitsPerSecond;
    private final Path checkpointFile;
    private final boolean dryRun;
    private final int maxAttempts;
    private final Duration progressInterval;
    private final ReEncryptionListener listener;
    private final LongSupplier nanoTime;
    private final RateLimiter.Sleeper sleeper;
    private final String table;
    private volatile boolean stopRequested;
    private final java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean();
    private final AtomicReference<MaterialsDescription> current = new AtomicReference<>();

    private ReEncryptor(Builder b) {
        this.ddb = b.ddb;
        this.config = b.config;
        this.encryptor = ItemEncryptor.create(b.config);
        this.segments = b.segments;
        this.pageSize = b.pageSize;
        this.itemsPerSecond = b.itemsPerSecond;
        this.writeUnitsPerSecond = b.writeUnitsPerSecond;
        this.checkpointFile = b.checkpointFile;
        this.dryRun = b.dryRun;
        this.maxAttempts = b.maxAttempts;
        this.progressInterval = b.progressInterval;
        this.listener = b.listener;
        this.nanoTime = b.nanoTime;
        this.sleeper = b.sleeper;
        this.table = b.config.tableName();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Asks a running {@link #run()} to stop after the items in hand; it then returns with {@code complete == false}. */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Scans and rewrites the table; blocks until done or stopped. Interrupting the calling thread
     * stops it too (the interrupt flag is kept).
     *
     * @throws ConfigurationException if the checkpoint file belongs to another table or segment count
     * @throws MaterialsException if the provider cannot supply keys for new items (nothing more is written)
     * @throws software.amazon.awssdk.core.exception.SdkException if DynamoDB fails beyond the SDK's retries;
     *     the checkpoint keeps what was done
     */
    public ReEncryptionSummary run() {
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("table '" + table + "': this re-encryptor is already running");
        }
        try {
            stopRequested = false;
            return runOnce();
        } finally {
            running.set(false);
        }
    }

    private ReEncryptionSummary runOnce() {
        long started = nanoTime.getAsLong();
        current.set(null); // asked again each run: the keys may have rotated since the last one
        // A dry run neither resumes nor leaves a checkpoint a real run would take for its own.
        Checkpoint checkpoint = Checkpoint.open(dryRun ? null : checkpointFile, table, segments);
        long[] before = checkpoint.totals();
        AtomicLong[] live = new AtomicLong[Checkpoint.COUNTERS];
        for (int k = 0; k < live.length; k++) {
            live[k] = new AtomicLong();
        }
        OptionalLong estimated = estimatedItems();
        RateLimiter items = itemsPerSecond == null ? null : new RateLimiter(itemsPerSecond, nanoTime, sleeper);
        RateLimiter units = writeUnitsPerSecond == null ? null : new RateLimiter(writeUnitsPerSecond, nanoTime, sleeper);
        AtomicReference<RuntimeException> error = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        long[][] unfinished = new long[segments][];
        CountDownLatch finished = new CountDownLatch(segments);
        for (int i = 0; i < segments; i++) {
            int segment = i;
            if (checkpoint.done(segment)) {
                finished.countDown();
                continue;
            }
            Thread t = new Thread(() -> {
                try {
                    unfinished[segment] = scanSegment(segment, checkpoint, live, items, units);
                } catch (RuntimeException e) {
                    error.compareAndSet(null, e);
                    stopRequested = true;
                } finally {
                    finished.countDown();
                }
            }, "coffer-reencrypt-" + table + "-" + segment);
            t.setDaemon(true);
            workers.add(t);
        }
        workers.forEach(Thread::start);
        boolean interrupted = false;
        while (finished.getCount() > 0) {
            try {
                if (!finished.await(progressInterval.toNanos(), TimeUnit.NANOSECONDS)) {
                    listener.progress(progress(before, live, estimated, started));
                }
            } catch (InterruptedException e) {
                interrupted = true;
                stopRequested = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (error.get() != null) {
            throw error.get();
        }
        boolean complete = true;
        for (int i = 0; i < segments; i++) {
            complete &= checkpoint.done(i);
        }
        long[] totals = checkpoint.totals();
        for (long[] partial : unfinished) {
            if (partial != null) {
                for (int k = 0; k < totals.length; k++) {
                    totals[k] += partial[k];
                }
            }
        }
        if (complete) {
            checkpoint.delete();
        }
        listener.progress(progress(before, live, estimated, started));
        return new ReEncryptionSummary(table, totals[Checkpoint.SCANNED], totals[Checkpoint.REWRITTEN],
                totals[Checkpoint.CURRENT], totals[Checkpoint.FAILED], totals[Checkpoint.RETRIED], complete, dryRun,
                Duration.ofNanos(nanoTime.getAsLong() - started));
    }

    private ReEncryptionProgress progress(long[] before, AtomicLong[] live, OptionalLong estimated, long started) {
        long elapsed = Math.max(1, nanoTime.getAsLong() - started);
        long scannedNow = live[Checkpoint.SCANNED].get();
        return new ReEncryptionProgress(before[0] + scannedNow, before[1] + live[1].get(), before[2] + live[2].get(),
                before[3] + live[3].get(), before[4] + live[4].get(), scannedNow * 1e9 / elapsed, estimated,
                Duration.ofNanos(elapsed));
    }

    private OptionalLong estimatedItems() {
        try {
            Long n = ddb.describeTable(r -> r.tableName(table)).table().itemCount();
            // DynamoDB refreshes ItemCount about every six hours; 0 (a new table, or an engine that does not
            // count) says nothing useful for an ETA.
            return n == null || n == 0 ? OptionalLong.empty() : OptionalLong.of(n);
        } catch (RuntimeException e) {
            return OptionalLong.empty(); // only for the ETA; a missing DescribeTable permission is no reason to fail
        }
    }

    /**
     * Scans one segment to its end (or until stopped); returns the counts of a page left unfinished
     * by a stop (already counted live, not yet in the checkpoint), or null.
     */
    private long[] scanSegment(int segment, Checkpoint checkpoint, AtomicLong[] live, RateLimiter items,
            RateLimiter units) {
        Map<String, AttributeValue> start = checkpoint.startKey(segment);
        while (true) {
            if (stopRequested) {
                return null;
            }
            Map<String, AttributeValue> from = start;
            ScanResponse page = ddb.scan(r -> r.tableName(table).segment(segment).totalSegments(segments).limit(pageSize)
                    .consistentRead(true).exclusiveStartKey(from));
            long[] counts = new long[Checkpoint.COUNTERS];
            for (Map<String, AttributeValue> item : page.items()) {
                if (stopRequested) {
                    return counts;
                }
                try {
                    if (items != null) {
                        items.acquire(1);
                    }
                    handle(item, counts, live, units);
                } catch (InterruptedException e) {
                    stopRequested = true;
                    Thread.currentThread().interrupt();
                    return counts;
                }
            }
            Map<String, AttributeValue> next = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
            checkpoint.pageDone(segment, next, counts);
            if (next == null || next.isEmpty()) {
                return null;
            }
            start = next;
        }
    }

    private enum Outcome { REWRITTEN, CURRENT, FAILED, CONFLICT }

    private void handle(Map<String, AttributeValue> item, long[] counts, AtomicLong[] live, RateLimiter units)
            throws InterruptedException {
        count(counts, live, Checkpoint.SCANNED);
        Map<String, AttributeValue> stored = item;
        for (int attempt = 1;; attempt++) {
            Outcome o = handleOnce(stored, units);
            switch (o) {
                case REWRITTEN -> {
                    count(counts, live, Checkpoint.REWRITTEN);
                    listener.rewritten(keyOf(config, stored));
                    return;
                }
                case CURRENT -> {
                    count(counts, live, Checkpoint.CURRENT);
                    return;
                }
                case FAILED -> {
                    count(counts, live, Checkpoint.FAILED);
                    return;
                }
                case CONFLICT -> {
                    count(counts, live, Checkpoint.RETRIED);
                    if (attempt >= maxAttempts) {
                        count(counts, live, Checkpoint.FAILED);
                        listener.failed(SkippedItem.fromItem(config, null, stored, new ReEncryptionException("table '"
                                + table + "': a live writer changed the item before each of " + attempt + " rewrite attempt(s); "
                                + "left as it is, with the writer's change. Run the re-encryptor again")));
                        return;
                    }
                    Map<String, AttributeValue> key = keyOf(config, stored);
                    Map<String, AttributeValue> fresh = ddb.getItem(r -> r.tableName(table).key(key).consistentRead(true))
                            .item();
                    if (fresh == null || fresh.isEmpty()) {
                        return; // deleted meanwhile: nothing to rewrite
                    }
                    stored = fresh;
                }
                default -> throw new IllegalStateException(o.name());
            }
        }
    }

    private static void count(long[] counts, AtomicLong[] live, int k) {
        counts[k]++;
        live[k].incrementAndGet();
    }

    private Outcome handleOnce(Map<String, AttributeValue> stored, RateLimiter units) throws InterruptedException {
        ItemKind kind = kindOf(stored);
        Map<String, AttributeValue> plain;
        try {
            plain = encryptor.decrypt(stored);
        } catch (IntegrityException | MaterialsException | InvalidItemException e) {
            listener.failed(SkippedItem.fromItem(config, null, stored, e));
            return Outcome.FAILED;
        }
        if (kind == ItemKind.COFFER && isCurrent(stored) && sameBeacons(stored, encryptor.beaconsOf(plain))) {
            return Outcome.CURRENT;
        }
        Map<String, AttributeValue> rewritten;
        try {
            rewritten = encryptor.encrypt(withUnsignedList(plain));
        } catch (InvalidItemException e) {
            listener.failed(SkippedItem.fromItem(config, null, stored, e));
            return Outcome.FAILED;
        }
        WriteCondition condition = WriteCondition.of(kind, stored, config);
        if (condition == null) {
            listener.failed(SkippedItem.fromItem(config, null, stored, new ReEncryptionException("table '" + table
                    + "': the item has too many attributes for a write condition within DynamoDB's "
                    + WriteCondition.MAX_EXPRESSION_CHARS + "-character limit; left as it is. Rewrite it through the "
                    + "application (read it, write it whole)")));
            return Outcome.FAILED;
        }
        if (dryRun) {
            return Outcome.REWRITTEN; // everything a real run checks was checked; only the write is left out
        }
        PutItemResponse response;
        try {
            response = ddb.putItem(r -> r.tableName(table).item(rewritten).conditionExpression(condition.expression())
                    .expressionAttributeNames(condition.names())
                    .expressionAttributeValues(condition.values().isEmpty() ? null : condition.values())
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        } catch (ConditionalCheckFailedException changed) {
            return Outcome.CONFLICT;
        }
        if (units != null) {
            Double used = response.consumedCapacity() == null ? null : response.consumedCapacity().capacityUnits();
            units.acquire(used != null ? used : estimateWriteUnits(rewritten));
        }
        return Outcome.REWRITTEN;
    }

    /**
     * Tables of the Enhanced Client extension sign, in {@value #UNSIGNED_LIST}, the list of the
     * attributes each item leaves unsigned, which its partial updates are conditional on (its
     * configuration, from {@code CofferExtension.tableConfig}, declares that attribute sign-only).
     * A rewrite gives the item the list the configuration implies now, as a write through the
     * extension would, so partial updates work on re-encrypted items and never on a stale list.
     */
    private Map<String, AttributeValue> withUnsignedList(Map<String, AttributeValue> plain) {
        if (config.actions().get(UNSIGNED_LIST) != CryptoAction.SIGN_ONLY) {
            return plain;
        }
        java.util.TreeSet<String> unsigned = new java.util.TreeSet<>();
        for (String name : config.actions().keySet()) {
            if (config.actionFor(name) == CryptoAction.DO_NOTHING) {
                unsigned.add(name);
            }
        }
        for (String name : config.allowedUnsignedAttributes()) {
            if (config.actionFor(name) == CryptoAction.DO_NOTHING) {
                unsigned.add(name);
            }
        }
        Map<String, AttributeValue> out = new HashMap<>(plain);
        if (unsigned.isEmpty()) {
            out.remove(UNSIGNED_LIST);
        } else {
            out.put(UNSIGNED_LIST, AttributeValue.fromSs(List.copyOf(unsigned)));
        }
        return out;
    }

    private ItemKind kindOf(Map<String, AttributeValue> stored) {
        if (stored.containsKey(ItemEncryptor.HEADER_ATTRIBUTE)) {
            return ItemKind.COFFER;
        }
        LegacyReader legacy = config.legacyReader().orElse(null);
        return legacy != null && legacy.recognizes(stored) ? ItemKind.LEGACY : ItemKind.PLAINTEXT;
    }

    /**
     * A verified Coffer item is current if it has the configured suite, the provider would protect it
     * with the same keys ({@link dev.coffer.materials.MaterialsProvider#sameKeys}), and every action
     * matches. Beacon attributes are not actions: {@link #sameBeacons} compares them.
     */
    private boolean isCurrent(Map<String, AttributeValue> stored) {
        ItemDescription d = ItemDescription.of(stored);
        if (d.formatVersion() != ItemEncryptor.FORMAT_VERSION || d.suite() != config.algorithmSuite().id()
                || !config.materialsProvider().sameKeys(d.materials(), currentMaterials(stored))) {
            return false;
        }
        Map<String, CryptoAction> signed = new HashMap<>();
        for (ItemDescription.LegendEntry e : d.legend()) {
            if (e.attributeNames().size() != 1) {
                return false; // ambiguous legend: a rewrite draws a new item id
            }
            signed.put(e.attributeNames().get(0), e.action());
        }
        for (String name : stored.keySet()) {
            if (name.equals(ItemEncryptor.HEADER_ATTRIBUTE) || name.equals(ItemEncryptor.SIGNATURE_ATTRIBUTE)
                    || name.startsWith(StandardBeacon.ATTRIBUTE_PREFIX)) {
                continue;
            }
            CryptoAction actual = signed.getOrDefault(name, CryptoAction.DO_NOTHING);
            if (actual != config.actionFor(name)) {
                return false;
            }
        }
        return true;
    }

    private MaterialsDescription currentMaterials(Map<String, AttributeValue> stored) {
        MaterialsDescription d = current.get();
        if (d == null) {
            EncryptionContext.Builder c = EncryptionContext.builder().tableName(config.logicalTableName())
                    .partitionKey(config.partitionKeyName(), stored.get(config.partitionKeyName()))
                    .algorithmSuite(config.algorithmSuite());
            config.sortKeyName().ifPresent(sk -> c.sortKey(sk, stored.get(sk)));
            d = config.materialsProvider().encryptionMaterials(c.build()).description();
            current.compareAndSet(null, d);
        }
        return d;
    }

    /**
     * Whether the stored item holds exactly the beacons a write would give it now ({@code want}):
     * none missing (a beacon added to the configuration), none left over (one removed), none
     * computed with another beacon key (after a rotation) or transform.
     */
    private static boolean sameBeacons(Map<String, AttributeValue> stored, Map<String, AttributeValue> want) {
        int have = 0;
        for (Map.Entry<String, AttributeValue> e : stored.entrySet()) {
            if (e.getKey().startsWith(StandardBeacon.ATTRIBUTE_PREFIX)) {
                have++;
                if (!e.getValue().equals(want.get(e.getKey()))) {
                    return false;
                }
            }
        }
        return have == want.size();
    }

    /** Write units of one put of {@code item}, by DynamoDB's item size rule (1 KB per unit). */
    private static double estimateWriteUnits(Map<String, AttributeValue> item) {
        return Math.max(1, Math.ceil(DynamoDbValues.itemSize(item) / 1024.0));
    }

    @Override
    public String toString() {
        return "ReEncryptor{table=" + table + ", segments=" + segments + (dryRun ? ", dryRun" : "") + "}";
    }

    /** Builds a {@link ReEncryptor}; {@link #build()} checks the settings. Not thread-safe. */
    public static final class Builder {
        /** The most segments (threads) a run may use. */
        public static final int MAX_SEGMENTS = 1000;
        /** The largest Scan page a run may ask for (DynamoDB returns at most 1 MB per page anyway). */
        public static final int MAX_PAGE_SIZE = 1000;
        private DynamoDbClient ddb;
        private TableConfig config;
        private int segments = 4;
        private int pageSize = 100;
        private Double itemsPerSecond;
        private Double writeUnitsPerSecond;
        private Path checkpointFile;
        private boolean dryRun;
        private int maxAttempts = 10;
        private Duration progressInterval = Duration.ofSeconds(1);
        private ReEncryptionListener listener = new ReEncryptionListener() {
        };
        private LongSupplier nanoTime = System::nanoTime;
        private RateLimiter.Sleeper sleeper = nanos -> TimeUnit.NANOSECONDS.sleep(nanos);

        private Builder() {
        }

        /** The client of the table's DynamoDB. Required. */
        public Builder dynamoDbClient(DynamoDbClient ddb) {
            this.ddb = ddb;
            return this;
        }

        /**
         * The table's current configuration: what every item is rewritten into. Its legacy reader
         * and phases say which old items it may read. Required.
         */
        public Builder tableConfig(TableConfig config) {
            this.config = config;
            return this;
        }

        /**
         * Parallel scan segments, one thread each; 4 by default, 1 to {@value #MAX_SEGMENTS} (DynamoDB
         * allows more, but each is a thread here; beyond a few dozen the table's capacity is the limit).
         */
        public Builder segments(int segments) {
            if (segments < 1 || segments > MAX_SEGMENTS) {
                throw new ConfigurationException("segments must be 1 to " + MAX_SEGMENTS + ", got " + segments);
            }
            this.segments = segments;
            return this;
        }

        /** Items per Scan page (the checkpoint advances per page); 100 by default, 1 to {@value #MAX_PAGE_SIZE}. */
        public Builder pageSize(int pageSize) {
            if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
                throw new ConfigurationException("page size must be 1 to " + MAX_PAGE_SIZE + ", got " + pageSize);
            }
            this.pageSize = pageSize;
            return this;
        }

        /** At most this many items per second, over all segments; unset: no limit. */
        public Builder maxItemsPerSecond(double perSecond) {
            if (!(perSecond > 0)) {
                throw new ConfigurationException("the items-per-second limit must be positive, got " + perSecond);
            }
            this.itemsPerSecond = perSecond;
            return this;
        }

        /**
         * At most this many write capacity units per second, as DynamoDB reports them for each
         * rewrite (estimated from the item's size where it reports none); unset: no limit.
         */
        public Builder maxWriteUnitsPerSecond(double perSecond) {
            if (!(perSecond > 0)) {
                throw new ConfigurationException("the write-units-per-second limit must be positive, got " + perSecond);
            }
            this.writeUnitsPerSecond = perSecond;
            return this;
        }

        /** Where to save (and resume) progress; deleted when the table is done. Unset: no resume. */
        public Builder checkpointFile(Path file) {
            this.checkpointFile = file;
            return this;
        }

        /** Verify and count only; write nothing, not even the checkpoint file. */
        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /** Attempts per item when live writes keep changing it (10 by default); then it is reported and left. */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new ConfigurationException("maxAttempts must be at least 1, got " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** How often {@link ReEncryptionListener#progress} is called; 1 s by default. */
        public Builder progressInterval(Duration interval) {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new ConfigurationException("the progress interval must be positive, got " + interval);
            }
            this.progressInterval = interval;
            return this;
        }

        /** Who is told about failures, rewrites and progress. */
        public Builder listener(ReEncryptionListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Test seam: the monotonic clock (nanoseconds) and sleeper the rate limit uses. */
        Builder clock(LongSupplier nanoTime, RateLimiter.Sleeper sleeper) {
            this.nanoTime = nanoTime;
            this.sleeper = sleeper;
            return this;
        }

        public ReEncryptor build() {
            if (ddb == null) {
                throw new ConfigurationException("re-encryptor: set dynamoDbClient(...)");
            }
            if (config == null) {
                throw new ConfigurationException("re-encryptor: set tableConfig(...) to the table's current configuration");
            }
            if (config.plaintextPhase().writesPlaintext()) {
                throw new ConfigurationException("table '" + config.tableName() + "': plaintext phase "
                        + "WRITE_PLAINTEXT_READ_BOTH writes plaintext, and some readers may not read Coffer items yet; "
                        + "re-encrypt once every writer has moved to WRITE_ENCRYPTED_READ_BOTH (docs/migration.md)");
            }
            return new ReEncryptor(this);
        }
    }

    /** The primary key of {@code item} under {@code config}. */
    static Map<String, AttributeValue> keyOf(TableConfig config, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        key.put(config.partitionKeyName(), item.get(config.partitionKeyName()));
        config.sortKeyName().ifPresent(sk -> key.put(sk, item.get(sk)));
        return java.util.Collections.unmodifiableMap(key);
    }
}
