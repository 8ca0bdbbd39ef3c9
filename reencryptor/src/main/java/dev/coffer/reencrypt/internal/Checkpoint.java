package dev.coffer.reencrypt.internal;

import dev.coffer.ConfigurationException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where a re-encryption stands, per scan segment: the last evaluated key after the last page fully
 * processed (or done), and that segment's counts up to it. Saved as a properties file, replaced
 * atomically (written to a temporary file beside it, forced to disk, then moved over it), so a crash
 * at any moment leaves either the old or the new state, never a torn one. Key values are primary-key
 * attributes (S, N or B), stored base64; nothing else of an item is ever written. Thread-safe.
 */
public final class Checkpoint {
    public static final int COUNTERS = 5;
    public static final int SCANNED = 0;
    public static final int REWRITTEN = 1;
    public static final int CURRENT = 2;
    public static final int FAILED = 3;
    public static final int RETRIED = 4;
    private static final String FORMAT = "coffer-reencrypt-checkpoint-1";

    private final Path file;
    private final String table;
    private final int segments;
    private final java.util.List<Map<String, AttributeValue>> startKeys;
    private final boolean[] done;
    private final long[][] counts;

    private Checkpoint(Path file, String table, int segments) {
        this.file = file;
        this.table = table;
        this.segments = segments;
        this.startKeys = new java.util.ArrayList<>(java.util.Collections.nCopies(segments, null));
        this.done = new boolean[segments];
        this.counts = new long[segments][COUNTERS];
    }

    /**
     * The checkpoint in {@code file} (null: kept in memory only), or a fresh one if the file does
     * not exist. A file for another table or segment count is a configuration error.
     */
    public static Checkpoint open(Path file, String table, int segments) {
        Checkpoint c = new Checkpoint(file, table, segments);
        if (file == null) {
            return c;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            return c;
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException("checkpoint file '" + file + "' cannot be read (" + e.getClass().getSimpleName()
                    + "); delete it to start the table over");
        }
        if (!FORMAT.equals(p.getProperty("format"))) {
            throw new ConfigurationException("checkpoint file '" + file + "' is not a re-encryption checkpoint; choose "
                    + "another file");
        }
        String t = p.getProperty("table");
        String n = p.getProperty("segments");
        if (!table.equals(t) || !Integer.toString(segments).equals(n)) {
            throw new ConfigurationException("checkpoint file '" + file + "' belongs to table '" + t + "' scanned in " + n
                    + " segments, not table '" + table + "' in " + segments + "; resume with the same table and "
                    + "segment count, or choose another file");
        }
        try {
            for (int i = 0; i < segments; i++) {
                String state = p.getProperty("segment." + i, "start");
                if (state.equals("done")) {
                    c.done[i] = true;
                } else if (!state.equals("start")) {
                    c.startKeys.set(i, decodeKey(state));
                }
                String cs = p.getProperty("counts." + i, "0,0,0,0,0");
                String[] parts = cs.split(",");
                for (int k = 0; k < COUNTERS; k++) {
                    c.counts[i][k] = Long.parseLong(parts[k]);
                }
            }
        } catch (RuntimeException e) {
            throw new ConfigurationException("checkpoint file '" + file + "' is damaged (" + e.getClass().getSimpleName()
                    + "); delete it to start the table over");
        }
        return c;
    }

    /** Where segment {@code i} resumes: its last evaluated key, or null to start at the beginning. */
    public synchronized Map<String, AttributeValue> startKey(int i) {
        return startKeys.get(i);
    }

    public synchronized boolean done(int i) {
        return done[i];
    }

    /** Whether the file held progress (a resumed run). */
    public synchronized boolean resumed() {
        for (int i = 0; i < segments; i++) {
            if (done[i] || startKeys.get(i) != null) {
                return true;
            }
        }
        return false;
    }

    /** The counts recorded so far, summed over the segments. */
    public synchronized long[] totals() {
        long[] t = new long[COUNTERS];
        for (long[] c : counts) {
            for (int k = 0; k < COUNTERS; k++) {
                t[k] += c[k];
            }
        }
        return t;
    }

    /**
     * Segment {@code i} has fully processed a page with {@code pageCounts}; it continues after
     * {@code next} (null or empty: the segment is done). Saved at once.
     */
    public synchronized void pageDone(int i, Map<String, AttributeValue> next, long[] pageCounts) {
        for (int k = 0; k < COUNTERS; k++) {
            counts[i][k] += pageCounts[k];
        }
        if (next == null || next.isEmpty()) {
            done[i] = true;
            startKeys.set(i, null);
        } else {
            startKeys.set(i, Map.copyOf(next));
        }
        save();
    }

    /** Removes the file once the table is done, so the next run scans afresh. */
    public synchronized void delete() {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete checkpoint file '" + file + "'", e);
        }
    }

    private void save() {
        if (file == null) {
            return;
        }
        Properties p = new Properties();
        p.setProperty("format", FORMAT);
        p.setProperty("table", table);
        p.setProperty("segments", Integer.toString(segments));
        for (int i = 0; i < segments; i++) {
            p.setProperty("segment." + i, done[i] ? "done" : startKeys.get(i) == null ? "start" : encodeKey(startKeys.get(i)));
            StringBuilder cs = new StringBuilder();
            for (int k = 0; k < COUNTERS; k++) {
                cs.append(k == 0 ? "" : ",").append(counts[i][k]);
            }
            p.setProperty("counts." + i, cs.toString());
        }
        StringWriter text = new StringWriter();
        try {
            p.store(text, "coffer reencrypt checkpoint: where each scan segment resumes (do not edit)");
            Path dir = file.toAbsolutePath().getParent();
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ch.write(StandardCharsets.UTF_8.encode(text.toString()));
                    ch.force(true);
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint file '" + file + "'", e);
        }
    }

    static String encodeKey(Map<String, AttributeValue> key) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, AttributeValue> e : new java.util.TreeMap<>(key).entrySet()) {
            AttributeValue v = e.getValue();
            String type;
            byte[] value;
            if (v.s() != null) {
                type = "S";
                value = v.s().getBytes(StandardCharsets.UTF_8);
            } else if (v.n() != null) {
                type = "N";
                value = v.n().getBytes(StandardCharsets.UTF_8);
            } else if (v.b() != null) {
                type = "B";
                value = v.b().asByteArray();
            } else {
                throw new IllegalArgumentException("key attribute of type " + v.type());
            }
            b.append(b.length() == 0 ? "" : ",").append(b64.encodeToString(e.getKey().getBytes(StandardCharsets.UTF_8)))
                    .append(':').append(type).append(':').append(b64.encodeToString(value));
        }
        return b.toString();
    }

    static Map<String, AttributeValue> decodeKey(String text) {
        Base64.Decoder b64 = Base64.getUrlDecoder();
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String[] f = part.split(":", -1);
            if (f.length != 3) {
                throw new IllegalArgumentException("key part");
            }
            String name = new String(b64.decode(f[0]), StandardCharsets.UTF_8);
            byte[] value = b64.decode(f[2]);
            AttributeValue v = switch (f[1]) {
                case "S" -> AttributeValue.fromS(new String(value, StandardCharsets.UTF_8));
                case "N" -> AttributeValue.fromN(new String(value, StandardCharsets.UTF_8));
                case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(value));
                default -> throw new IllegalArgumentException("key type");
            };
            key.put(name, v);
        }
        return key;
    }
}
