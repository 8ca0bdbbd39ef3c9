package dev.coffer.kms.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A loopback AWS KMS for tests: an HTTP server on 127.0.0.1 that speaks KMS's JSON 1.1 protocol
 * for {@code GenerateDataKey}, {@code Encrypt}, {@code Decrypt} and {@code DescribeKey}, so the real
 * AWS SDK v2 {@code KmsClient} (or any KMS client) can talk to it. Nothing leaves the machine.
 *
 * <p>What it does like KMS:
 * <ul>
 *   <li>Keys have ids, ARNs ({@code arn:aws:kms:<region>:<account>:key/<id>}), aliases, and states
 *       (enabled, disabled, pending deletion). Requests name a key by id, key ARN, alias name or
 *       alias ARN; keys of another account are reachable by ARN only. Responses carry the key ARN,
 *       with aliases resolved.</li>
 *   <li>Regions: the server plays {@link #region()}, and honours the region each request is
 *       signed for (the SigV4 credential scope, i.e. the client's region), as the endpoint of that
 *       region would: a request for another region sees none of this server's keys. A key or alias
 *       ARN of another region than the request's is refused with KMS's
 *       {@code NotFoundException: Invalid arn <region>}; a key id or alias name is looked up in the
 *       request's region ({@code NotFoundException}); a ciphertext made elsewhere does not decrypt
 *       ({@code InvalidCiphertextException}). An unsigned request counts as one for {@link #region()}.</li>
 *   <li>Data keys are encrypted for real (AES-256-GCM under a per-key secret) with the encryption
 *       context as additional data, so {@code Decrypt} with another key, another context or a changed
 *       blob fails with {@code InvalidCiphertextException}; a {@code KeyId} that does not match the
 *       blob fails with {@code IncorrectKeyException}.</li>
 *   <li>Errors use KMS's codes and HTTP statuses ({@code NotFoundException}, {@code DisabledException},
 *       {@code KMSInvalidStateException}, {@code AccessDeniedException}, {@code ThrottlingException},
 *       {@code KMSInternalException}, {@code ValidationException}), so the SDK raises its typed
 *       exceptions and applies its retry rules.</li>
 *   <li>Multi-Region keys: {@link #replicateKey} gives a second server (another region) a replica
 *       with the same {@code mrk-} id and secret, which decrypts what the primary encrypted.</li>
 *   <li>Grants: after {@link #requireGrantToken}, a key serves cryptographic operations only to
 *       requests that pass one of its grant tokens, as if the caller's only permission came from a
 *       new grant.</li>
 *   <li>Principals: after {@link #restrictPrincipal}, requests signed with that access key id may
 *       use only the operations given (on every key); others get {@code AccessDeniedException},
 *       as for an IAM principal whose policy allows only those actions. Other access keys may do
 *       everything.</li>
 * </ul>
 *
 * <p>For tests it adds fault injection ({@link #inject(Fault)}: throttling, access denied, HTTP 500,
 * latency), counters per operation ({@link #calls(Operation)}: every request received, including
 * errors and SDK retries), and a CloudTrail-like log of recent requests ({@link #requests()}, the
 * last {@value #LOG_CAPACITY}). It does not check signatures or credentials and has no key policies.
 *
 * <p>Speed: a round trip through the SDK client took about 2 ms on a 2-core machine.
 * {@link #start()} sets the JDK system property {@code sun.net.httpserver.nodelay=true} unless it
 * is already set (without it every answer waits ~40 ms for a delayed TCP ACK); the JDK reads it
 * when the JVM's first {@code HttpServer} is created, so start a {@code LocalKms} before any other
 * one, or set the property yourself.
 *
 * <pre>{@code
 * try (LocalKms kms = LocalKms.builder().region("us-east-1").build().start()) {
 *     KmsKey key = kms.createKey();
 *     KmsClient client = KmsClient.builder()
 *             .endpointOverride(kms.endpoint())
 *             .region(Region.of(kms.region()))
 *             .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
 *             .build();
 *     GenerateDataKeyResponse r = client.generateDataKey(b -> b.keyId(key.arn()).keySpec(DataKeySpec.AES_256));
 *     assertThat(kms.calls(Operation.GENERATE_DATA_KEY)).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>Thread-safety: safe for concurrent use; requests are served by a pool of
 * {@link Builder#threads(int)} threads, and keys, faults and counters may be changed while it runs.
 */
public final class LocalKms implements AutoCloseable {
    /** How many recent requests {@link #requests()} keeps. */
    public static final int LOG_CAPACITY = 100_000;

    private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String region;
    private final String accountId;
    private final int port;
    private final int threads;

    final Map<String, KeyEntry> keys = new ConcurrentHashMap<>();
    final Map<String, String> aliases = new ConcurrentHashMap<>();
    private final List<ActiveFault> faults = new CopyOnWriteArrayList<>();
    /** Access key id to the operations its principal may call; absent: every operation. */
    private final Map<String, Set<Operation>> principals = new ConcurrentHashMap<>();
    private final Map<Operation, AtomicLong> counters = new EnumMap<>(Operation.class);
    private final ConcurrentLinkedDeque<KmsCall> log = new ConcurrentLinkedDeque<>();
    private final AtomicInteger logSize = new AtomicInteger();

    private HttpServer server;
    private ExecutorService executor;

    private LocalKms(Builder b) {
        this.region = b.region;
        this.accountId = b.accountId;
        this.port = b.port;
        this.threads = b.threads;
        for (Operation op : Operation.values()) {
            counters.put(op, new AtomicLong());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A server for {@code us-east-1}, account {@code 111122223333}, not yet started. */
    public static LocalKms create() {
        return builder().build();
    }

    /** Binds 127.0.0.1 (an ephemeral port unless {@link Builder#port} was set) and starts serving. */
    public synchronized LocalKms start() {
        if (server != null) {
            throw new IllegalStateException("this LocalKms is already started");
        }
        // The JDK server sends an answer's headers and body as separate TCP segments; without
        // TCP_NODELAY every answer then waits ~40 ms for the client's delayed ACK. The JDK reads this
        // property once, when the first HttpServer of the JVM is created.
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 64);
            executor = Executors.newFixedThreadPool(threads, daemonThreads());
            s.setExecutor(executor);
            s.createContext("/", new KmsProtocol(this));
            s.start();
            server = s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local KMS on 127.0.0.1:" + port, e);
        }
        return this;
    }

    /** Stops serving at once; requests in progress (including injected latency) are abandoned. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    /** {@code http://127.0.0.1:<port>}, for {@code KmsClient.builder().endpointOverride(...)}. */
    public synchronized URI endpoint() {
        if (server == null) {
            throw new IllegalStateException("start() the LocalKms first");
        }
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The region this server plays, e.g. {@code us-east-1}; configure the client with it. */
    public String region() {
        return region;
    }

    /** The account of keys created without {@link KeyOptions#accountId()}. */
    public String accountId() {
        return accountId;
    }

    // ---------------------------------------------------------------------------------------------
    // Keys
    // ---------------------------------------------------------------------------------------------

    /** A new enabled symmetric key in this server's account. */
    public KmsKey createKey() {
        return createKey(KeyOptions.create());
    }

    /** A new enabled symmetric key as {@code options} say. */
    public KmsKey createKey(KeyOptions options) {
        String id = options.multiRegion() ? "mrk-" + HexFormat.of().formatHex(randomBytes(16)) : UUID.randomUUID().toString();
        String account = options.accountId() == null ? accountId : options.accountId();
        KmsKey key = new KmsKey(id, account, region, options.multiRegion(), options.description(), randomBytes(32));
        keys.put(key.arn(), new KeyEntry(key));
        return key;
    }

    /**
     * A replica, in this server's region, of a multi-Region key created by another server: same
     * {@code mrk-} id, same account, same secret, so it decrypts what the primary encrypted.
     */
    public KmsKey replicateKey(KmsKey primary) {
        Objects.requireNonNull(primary, "primary");
        if (!primary.multiRegion()) {
            throw new IllegalArgumentException(primary.arn() + " is not a multi-Region key; only mrk- keys replicate");
        }
        if (primary.region().equals(region)) {
            throw new IllegalArgumentException("a replica must be in another region than its primary (" + region + ")");
        }
        KmsKey replica = primary.inRegion(region);
        if (keys.putIfAbsent(replica.arn(), new KeyEntry(replica)) != null) {
            throw new IllegalArgumentException(replica.arn() + " already exists");
        }
        return replica;
    }

    /**
     * Creates alias {@code aliasName} ({@code alias/...}) for {@code key} in the key's account and
     * returns the alias ARN.
     */
    public String createAlias(String aliasName, KmsKey key) {
        String arn = aliasArn(aliasName, key);
        if (aliases.putIfAbsent(arn, entry(key).key.arn()) != null) {
            throw new IllegalArgumentException("alias " + arn + " already exists; use updateAlias");
        }
        return arn;
    }

    /** Points an existing alias at another key of the same account (as KMS's UpdateAlias). */
    public void updateAlias(String aliasName, KmsKey key) {
        String arn = aliasArn(aliasName, key);
        if (aliases.replace(arn, entry(key).key.arn()) == null) {
            throw new IllegalArgumentException("alias " + arn + " does not exist");
        }
    }

    /** Disables the key: cryptographic operations fail with {@code DisabledException}. */
    public void disableKey(KmsKey key) {
        entry(key).state = KeyState.DISABLED;
    }

    /** Enables a disabled key, or cancels its scheduled deletion (leaving it enabled). */
    public void enableKey(KmsKey key) {
        entry(key).state = KeyState.ENABLED;
    }

    /** Schedules deletion: cryptographic operations fail with {@code KMSInvalidStateException}. */
    public void scheduleKeyDeletion(KmsKey key) {
        entry(key).state = KeyState.PENDING_DELETION;
    }

    /** Deletes the key (and its aliases) at once: every request naming it gets {@code NotFoundException}. */
    public void deleteKey(KmsKey key) {
        String arn = entry(key).key.arn();
        keys.remove(arn);
        aliases.values().removeIf(arn::equals);
    }

    /**
     * From now on the key serves {@code GenerateDataKey}, {@code Encrypt} and {@code Decrypt} only
     * to requests that pass one of its grant tokens; others get {@code AccessDeniedException}.
     * Returns a new grant token.
     */
    public String requireGrantToken(KmsKey key) {
        String token = "grant-" + HexFormat.of().formatHex(randomBytes(24));
        entry(key).grantTokens.add(token);
        return token;
    }

    // ---------------------------------------------------------------------------------------------
    // Faults, counters, log
    // ---------------------------------------------------------------------------------------------

    /** Adds a fault; faults are checked in the order injected and the first that fires wins. */
    public void inject(Fault fault) {
        faults.add(new ActiveFault(Objects.requireNonNull(fault, "fault")));
    }

    /**
     * Restricts the principal whose requests are signed with {@code accessKeyId} to the cryptographic
     * operations {@code allowed}, e.g. a decrypt-only reader:
     * {@code kms.restrictPrincipal("reader", Operation.DECRYPT)}. Replaces an earlier restriction.
     */
    public void restrictPrincipal(String accessKeyId, Operation... allowed) {
        Set<Operation> ops = java.util.EnumSet.noneOf(Operation.class);
        ops.addAll(java.util.Arrays.asList(allowed));
        principals.put(Objects.requireNonNull(accessKeyId, "accessKeyId"), ops);
    }

    /** Whether the principal of {@code accessKeyId} (null: unsigned) may call {@code op}. */
    boolean permits(String accessKeyId, Operation op) {
        Set<Operation> ops = accessKeyId == null ? null : principals.get(accessKeyId);
        return ops == null || ops.contains(op);
    }

    /** Removes every injected fault. */
    public void clearFaults() {
        faults.clear();
    }

    /** How many requests for {@code op} arrived (successful or not, SDK retries included). */
    public long calls(Operation op) {
        return counters.get(op).get();
    }

    /** How many requests arrived for every operation together. */
    public long totalCalls() {
        long n = 0;
        for (AtomicLong c : counters.values()) {
            n += c.get();
        }
        return n;
    }

    /** The most recent requests (up to {@value #LOG_CAPACITY}), oldest first. */
    public List<KmsCall> requests() {
        return Collections.unmodifiableList(new ArrayList<>(log));
    }

    /** Sets every counter to zero and clears the request log. */
    public void resetCounters() {
        counters.values().forEach(c -> c.set(0));
        log.clear();
        logSize.set(0);
    }

    @Override
    public String toString() {
        return "LocalKms{" + region + ", account " + accountId + ", " + keys.size() + " keys}";
    }

    // ---------------------------------------------------------------------------------------------
    // Used by KmsProtocol
    // ---------------------------------------------------------------------------------------------

    void count(Operation op) {
        counters.get(op).incrementAndGet();
    }

    void record(KmsCall call) {
        log.addLast(call);
        if (logSize.incrementAndGet() > LOG_CAPACITY && log.pollFirst() != null) {
            logSize.decrementAndGet();
        }
    }

    /**
     * The faults that fire for this request, in injection order, up to and including the first
     * that is not a latency; each match counts against that fault's budget.
     */
    List<Fault> fire(Operation op, String keyArn) {
        List<Fault> fired = new ArrayList<>(1);
        for (ActiveFault f : faults) {
            if (f.fault.matches(op, keyArn) && f.fires()) {
                fired.add(f.fault);
                if (f.fault.kind() != Fault.Kind.LATENCY) {
                    break;
                }
            }
        }
        return fired;
    }

    /**
     * Resolves a {@code KeyId} as KMS in {@code requestRegion} does, or throws the
     * {@code NotFoundException} it answers: "Invalid arn" for an ARN of another region.
     */
    KeyEntry resolve(String keyId, String requestRegion) {
        KeyEntry e = resolveOrNull(keyId, requestRegion);
        if (e == null) {
            if (keyId.startsWith("arn:")) {
                String[] p = keyId.split(":", 6);
                if (p.length == 6 && "kms".equals(p[2]) && !p[3].equals(requestRegion)) {
                    throw KmsError.notFound("Invalid arn " + p[3]);
                }
            }
            if (keyId.startsWith("alias/") || keyId.contains(":alias/")) {
                throw KmsError.notFound("Alias " + (keyId.startsWith("arn:") ? keyId : arn(requestRegion, accountId, keyId))
                        + " is not found.");
            }
            throw KmsError.notFound("Key '" + (keyId.startsWith("arn:") ? keyId : keyArn(requestRegion, accountId, keyId))
                    + "' does not exist");
        }
        return e;
    }

    KeyEntry resolveOrNull(String keyId, String requestRegion) {
        if (keyId == null || keyId.isEmpty()) {
            return null;
        }
        String keyArn;
        if (keyId.startsWith("arn:")) {
            String[] p = keyId.split(":", 6);
            if (p.length != 6 || !"kms".equals(p[2]) || !requestRegion.equals(p[3])) {
                return null;
            }
            keyArn = p[5].startsWith("alias/") ? aliases.get(keyId) : keyId;
        } else if (keyId.startsWith("alias/")) {
            keyArn = aliases.get(arn(requestRegion, accountId, keyId));
        } else {
            keyArn = keyArn(requestRegion, accountId, keyId);
        }
        return keyArn == null ? null : keys.get(keyArn);
    }

    /** The key a ciphertext names, as KMS in {@code requestRegion} finds it (none of another region). */
    KeyEntry byBlob(Blob blob, String requestRegion) {
        return keys.get(keyArn(requestRegion, blob.accountId, blob.keyId));
    }

    static String keyArn(String region, String account, String keyId) {
        return arn(region, account, "key/" + keyId);
    }

    static String arn(String region, String account, String resource) {
        return "arn:aws:kms:" + region + ":" + account + ":" + resource;
    }

    private String aliasArn(String aliasName, KmsKey key) {
        if (aliasName == null || !aliasName.startsWith("alias/") || aliasName.length() <= 6 || aliasName.startsWith("alias/aws/")) {
            throw new IllegalArgumentException("alias names look like alias/my-key (and alias/aws/ is reserved), was '"
                    + aliasName + "'");
        }
        return arn(region, key.accountId(), aliasName);
    }

    private KeyEntry entry(KmsKey key) {
        KeyEntry e = keys.get(Objects.requireNonNull(key, "key").arn());
        if (e == null) {
            throw new IllegalArgumentException(key.arn() + " is not a key of this LocalKms (" + region + ")");
        }
        return e;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "local-kms-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    enum KeyState {
        ENABLED("Enabled"), DISABLED("Disabled"), PENDING_DELETION("PendingDeletion");

        final String apiName;

        KeyState(String apiName) {
            this.apiName = apiName;
        }
    }

    static final class KeyEntry {
        final KmsKey key;
        final Instant created = Instant.now();
        final Set<String> grantTokens = ConcurrentHashMap.newKeySet();
        volatile KeyState state = KeyState.ENABLED;

        KeyEntry(KmsKey key) {
            this.key = key;
        }
    }

    private static final class ActiveFault {
        final Fault fault;
        final AtomicInteger matched = new AtomicInteger();

        ActiveFault(Fault fault) {
            this.fault = fault;
        }

        boolean fires() {
            int n = matched.incrementAndGet();
            return n > fault.after() && (fault.times() == 0 || n <= fault.after() + fault.times());
        }
    }

    /** Builds a {@link LocalKms}. Not thread-safe. */
    public static final class Builder {
        private String region = "us-east-1";
        private String accountId = "111122223333";
        private int port;
        private int threads = 8;

        private Builder() {
        }

        /** The region the server plays (default {@code us-east-1}). */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** The default account of new keys (default {@code 111122223333}). */
        public Builder accountId(String accountId) {
            this.accountId = accountId;
            return this;
        }

        /** A fixed port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** How many requests are served at once (default 8). */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public LocalKms build() {
            if (region == null || !REGION.matcher(region).matches()) {
                throw new IllegalArgumentException("region must look like us-east-1, was '" + region + "'");
            }
            if (accountId == null || !ACCOUNT.matcher(accountId).matches()) {
                throw new IllegalArgumentException("account id must be 12 digits, was '" + accountId + "'");
            }
            if (port < 0 || port > 65535 || threads < 1) {
                throw new IllegalArgumentException("port must be 0..65535 and threads at least 1");
            }
            return new LocalKms(this);
        }
    }
}
