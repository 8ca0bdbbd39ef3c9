package dev.coffer.dynalite;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dynalite server: an open-source DynamoDB engine (npm package {@code dynalite}, pinned in the
 * repository's {@code dynalite/package.json} and {@code package-lock.json}) run with the system's
 * Node.js on 127.0.0.1 and a free port, in memory or persisted to a folder (LevelDB).
 *
 * <pre>{@code
 * try (Dynalite engine = Dynalite.builder().start()) {
 *     DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(engine.endpoint())
 *             .region(Region.US_EAST_1)
 *             .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
 *             .build();
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link Builder#start()} finds {@code node} on {@code PATH}, installs the pinned dynalite with
 * {@code npm ci} on first use (or when the lock file changed), starts
 * {@code node node_modules/dynalite/cli.js --host 127.0.0.1 --port P --createTableMs 0 ...} and returns
 * once the server accepts connections. The server stops on {@link #close()}, at JVM exit (shutdown
 * hook), and by itself when the JVM that started it dies without running its hooks (it watches its
 * standard input, a pipe from this JVM). A new table is ACTIVE a moment after CreateTable answers
 * (it answers CREATING, as DynamoDB does): wait for it before writing.
 *
 * <p>What dynalite serves: the item, query, scan, batch and table operations with conditions, GSIs,
 * LSIs, DynamoDB's number normalization and item-size limit. What it does not: TransactWriteItems,
 * TransactGetItems, Streams, PartiQL, UpdateTimeToLive (it answers {@code UnknownOperationException}).
 *
 * <p>Thread-safety: a started instance is safe to share between threads; {@link #close()} may be
 * called more than once, from any thread. The {@link Builder} is not thread-safe.
 */
public final class Dynalite implements AutoCloseable {
    /** The oldest Node.js dynalite 4.0.0 supports (its {@code engines} field). */
    public static final int MIN_NODE_MAJOR = 20;
    /** System property naming the folder with dynalite's package.json (overrides the search). */
    public static final String DIR_PROPERTY = "coffer.dynalite.dir";
    /** Environment variable naming the same folder, used when the property is not set. */
    public static final String DIR_ENV = "COFFER_DYNALITE_DIR";

    private static final String FOLDER = "dynalite";
    private static final String PRELOAD = "exit-with-parent.js";
    private static final String CLI = "node_modules/dynalite/cli.js";
    private static final int TAIL_LINES = 40;
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private final Process process;
    private final int port;
    private final Thread shutdownHook;

    private Dynalite(Process process, int port) {
        this.process = process;
        this.port = port;
        this.shutdownHook = new Thread(this::stop, "dynalite-stop-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>}, for {@code endpointOverride}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops the server and every process it started; waits until they are gone. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or will run; stopping twice is harmless.
        }
        stop();
    }

    private synchronized void stop() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                tree.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The folder holding Coffer's pinned dynalite ({@code package.json}, {@code package-lock.json},
     * {@code exit-with-parent.js}): the {@value #DIR_PROPERTY} system property, else the
     * {@value #DIR_ENV} environment variable, else a {@code dynalite} folder next to the working
     * directory or any folder above it, else one above the jar or classes this class was loaded from.
     */
    public static Path locate() {
        String configured = System.getProperty(DIR_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(DIR_ENV);
        }
        if (configured != null && !configured.isBlank()) {
            return checkedFolder(Path.of(configured), "from " + DIR_PROPERTY + " or " + DIR_ENV);
        }
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        codeLocation().ifPresent(starts::add);
        for (Path start : starts) {
            for (Path p = start; p != null; p = p.getParent()) {
                Path candidate = p.resolve(FOLDER);
                if (isInstallFolder(candidate)) {
                    return candidate;
                }
                if (isInstallFolder(p)) {
                    return p;
                }
            }
        }
        throw new DynaliteException(DynaliteException.Reason.NOT_INSTALLED, "cannot find Coffer's dynalite folder "
                + "(dynalite/package-lock.json in the repository) above " + starts.get(0)
                + ": run from the repository, or set -D" + DIR_PROPERTY + "=DIR or " + DIR_ENV + "=DIR");
    }

    private static Path checkedFolder(Path configured, String source) {
        Path dir = configured.toAbsolutePath().normalize();
        if (!isInstallFolder(dir)) {
            throw new DynaliteException(DynaliteException.Reason.NOT_INSTALLED, dir + " (" + source
                    + ") has no package-lock.json and " + PRELOAD + ": point it at the repository's dynalite folder");
        }
        return dir;
    }

    private static boolean isInstallFolder(Path dir) {
        return Files.isRegularFile(dir.resolve("package-lock.json")) && Files.isRegularFile(dir.resolve(PRELOAD));
    }

    private static Optional<Path> codeLocation() {
        try {
            return Optional.of(Path.of(Dynalite.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code host} is this machine ("localhost" or a loopback address): where a local engine
     * such as this one runs, which needs no real credentials.
     */
    public static boolean isLoopback(String host) {
        try {
            return host != null && (host.equalsIgnoreCase("localhost") || InetAddress.getByName(host).isLoopbackAddress());
        } catch (IOException e) {
            return false;
        }
    }

    /** The {@code node} executable on {@code PATH}, if any. */
    public static Optional<Path> findNode() {
        return onPath(WINDOWS ? "node.exe" : "node");
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String entry : path.split(Pattern.quote(File.pathSeparator))) {
            if (entry.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(entry, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Installs the pinned dynalite in {@code dir} with {@code npm ci} unless it is there already and
     * no older than {@code package-lock.json}. Safe against concurrent callers in this and other JVMs
     * (a file lock under {@code dir/target}).
     */
    @SuppressWarnings("try") // the lock is held for the try block's extent, never read
    public static synchronized void install(Path dir, Consumer<String> progress) {
        if (installed(dir)) {
            return;
        }
        Path npm = onPath(WINDOWS ? "npm.cmd" : "npm").orElseThrow(() -> new DynaliteException(
                DynaliteException.Reason.NOT_INSTALLED, "dynalite is not installed in " + dir
                + " and npm was not found on PATH: install Node.js " + MIN_NODE_MAJOR + " or later with npm"));
        try {
            Path lockFile = Files.createDirectories(dir.resolve("target")).resolve(".npm-ci.lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                if (installed(dir)) {
                    return;
                }
                progress.accept("installing the pinned dynalite with npm ci in " + dir + " (first run only)");
                Output out = run(dir, Duration.ofMinutes(10), npm.toString(), "ci", "--ignore-scripts", "--no-audit",
                        "--no-fund", "--loglevel=error");
                if (out.exitCode != 0 || !installed(dir)) {
                    throw new DynaliteException(DynaliteException.Reason.NOT_INSTALLED, "npm ci in " + dir
                            + " failed (exit " + out.exitCode + "): " + out.tail() + "; check that the npm registry "
                            + "is reachable, then try again");
                }
            }
        } catch (IOException e) {
            throw new DynaliteException(DynaliteException.Reason.NOT_INSTALLED, "cannot install dynalite in " + dir
                    + ": " + e.getMessage(), e);
        }
    }

    private static boolean installed(Path dir) {
        Path marker = dir.resolve("node_modules/.package-lock.json");
        try {
            return Files.isRegularFile(dir.resolve(CLI)) && Files.isRegularFile(marker)
                    && Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(dir.resolve("package-lock.json"))) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Checks that {@code node} runs and is recent enough; returns its version ("v20.1.0"). */
    static String checkNode(Path node) {
        Output out = run(null, Duration.ofSeconds(30), node.toString(), "--version");
        int major = out.exitCode == 0 ? nodeMajor(out.text()) : -1;
        if (major < 0) {
            throw new DynaliteException(DynaliteException.Reason.NODE_NOT_FOUND, node + " --version failed (exit "
                    + out.exitCode + "): " + out.tail());
        }
        if (major < MIN_NODE_MAJOR) {
            throw new DynaliteException(DynaliteException.Reason.NODE_TOO_OLD, "Node.js " + out.text().strip() + " ("
                    + node + ") is too old: dynalite needs Node.js " + MIN_NODE_MAJOR + " or later");
        }
        return out.text().strip();
    }

    /** The major version in {@code node --version}'s answer ("v20.1.0" is 20), or -1. */
    static int nodeMajor(String versionOutput) {
        Matcher m = Pattern.compile("^v(\\d{1,4})\\.").matcher(versionOutput.strip());
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private record Output(int exitCode, String text) {
        String tail() {
            String t = text.strip().replace('\n', ' ');
            return t.length() <= 600 ? t : "..." + t.substring(t.length() - 600);
        }
    }

    private static Output run(Path dir, Duration timeout, String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            Process p = pb.start();
            p.getOutputStream().close();
            StringBuilder text = new StringBuilder();
            Thread reader = new Thread(() -> {
                try {
                    String all = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    synchronized (text) {
                        text.append(all);
                    }
                } catch (IOException ignored) {
                    // The process was killed; what was read is enough.
                }
            }, "dynalite-command-output");
            reader.setDaemon(true);
            reader.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Output(-1, String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
            synchronized (text) {
                return new Output(p.exitValue(), text.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DynaliteException(DynaliteException.Reason.START_FAILED, "interrupted while running " + command[0], e);
        }
    }

    /**
     * Options for one server. Not thread-safe.
     */
    public static final class Builder {
        private Path installDir;
        private Path dataDir;
        private Duration startTimeout = Duration.ofSeconds(60);
        private Consumer<String> progress = message -> { };

        private Builder() {
        }

        /** The folder with dynalite's package.json; default {@link Dynalite#locate()}. */
        public Builder installDir(Path dir) {
            this.installDir = Objects.requireNonNull(dir, "installDir");
            return this;
        }

        /** Keep the data in this folder (dynalite's {@code --path}, LevelDB); default: in memory. */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dataDir");
            return this;
        }

        /** How long to wait for the server to accept connections; default 60 s. */
        public Builder startTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startTimeout must be positive");
            }
            this.startTimeout = timeout;
            return this;
        }

        /** Receives one-line notes about slow first-run steps (the npm install). */
        public Builder progress(Consumer<String> progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /**
         * Installs dynalite if needed and starts it.
         *
         * @throws DynaliteException if Node.js is missing or too old, dynalite cannot be installed,
         *     or the server does not start; the message says what to do
         */
        public Dynalite start() {
            Path node = findNode().orElseThrow(() -> new DynaliteException(DynaliteException.Reason.NODE_NOT_FOUND,
                    "Node.js was not found on PATH: install Node.js " + MIN_NODE_MAJOR + " or later"));
            checkNode(node);
            Path dir = installDir != null ? checkedFolder(installDir, "the installDir given") : locate();
            install(dir, progress);
            DynaliteException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    return startOnce(node, dir, freePort());
                } catch (PortTaken e) {
                    last = e.failure;
                }
            }
            throw last;
        }

        private Dynalite startOnce(Path node, Path dir, int port) {
            List<String> command = new ArrayList<>(List.of(node.toString(), "--require", dir.resolve(PRELOAD).toString(),
                    dir.resolve(CLI).toString(), "--host", "127.0.0.1", "--port", Integer.toString(port),
                    "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"));
            if (dataDir != null) {
                try {
                    command.addAll(List.of("--path", Files.createDirectories(dataDir).toAbsolutePath().toString()));
                } catch (IOException e) {
                    throw new DynaliteException(DynaliteException.Reason.START_FAILED, "cannot create the data folder "
                            + dataDir + ": " + e.getMessage(), e);
                }
            }
            Process process;
            try {
                process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new DynaliteException(DynaliteException.Reason.START_FAILED, "cannot run " + node + ": "
                        + e.getMessage(), e);
            }
            OutputWatch watch = new OutputWatch(process, port);
            Dynalite server = new Dynalite(process, port);
            try {
                boolean listening = watch.listening.await(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
                if (listening && process.isAlive() && accepts(port)) {
                    return server;
                }
                server.close();
                String tail = watch.tail();
                DynaliteException failure = new DynaliteException(DynaliteException.Reason.START_FAILED,
                        "dynalite did not start on 127.0.0.1:" + port + (listening ? "" : " within "
                        + startTimeout.toSeconds() + " s") + (tail.isEmpty() ? "" : ": " + tail));
                if (tail.contains("EADDRINUSE")) {
                    throw new PortTaken(failure);
                }
                throw failure;
            } catch (InterruptedException e) {
                server.close();
                Thread.currentThread().interrupt();
                throw new DynaliteException(DynaliteException.Reason.START_FAILED, "interrupted while starting dynalite", e);
            }
        }
    }

    private static final class PortTaken extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient DynaliteException failure;

        PortTaken(DynaliteException failure) {
            super(null, null, false, false);
            this.failure = failure;
        }
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new DynaliteException(DynaliteException.Reason.START_FAILED, "no free port on 127.0.0.1: "
                    + e.getMessage(), e);
        }
    }

    /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
    static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Drains the server's output, keeps its last lines, and notes when it is listening or has ended. */
    private static final class OutputWatch {
        final CountDownLatch listening = new CountDownLatch(1);
        private final Deque<String> lines = new ArrayDeque<>();

        OutputWatch(Process process, int port) {
            Thread t = new Thread(() -> drain(process), "dynalite-output-" + port);
            t.setDaemon(true);
            t.start();
        }

        private void drain(Process process) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (lines) {
                        lines.addLast(line);
                        if (lines.size() > TAIL_LINES) {
                            lines.removeFirst();
                        }
                    }
                    if (line.startsWith("Dynalite listening at")) {
                        listening.countDown();
                    }
                }
            } catch (IOException ended) {
                // The process is gone.
            } finally {
                // Output ended: the process exited. Wake the starter; accepts() tells the outcome.
                listening.countDown();
            }
        }

        String tail() {
            synchronized (lines) {
                return String.join(" | ", lines);
            }
        }
    }
}
