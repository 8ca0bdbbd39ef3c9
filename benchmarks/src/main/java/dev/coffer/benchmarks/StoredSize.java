package dev.coffer.benchmarks;

import com.amazonaws.services.dynamodbv2.datamodeling.encryption.DynamoDBEncryptor;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.EncryptionContext;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.EncryptionFlags;
import dev.coffer.ItemEncryptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.itemencryptor.DynamoDbItemEncryptor;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.itemencryptor.model.EncryptItemInput;

/**
 * Stored size: every shape's item encrypted by each library with local keys (Coffer static and
 * wrapped AES-KWP, the legacy client, the DB-ESDK HMAC and ECDSA suites, configured as in
 * {@link Fixtures}), counted the way DynamoDB counts item size ({@link DynamoSize}), with the write
 * units one write costs; and Coffer's overhead broken down into what each encrypted value adds, what
 * each signed attribute adds to the legend, and the fixed part (header fields, materials
 * description, tags, reserved attribute names), read off the stored bytes as docs/FORMAT.md lays
 * them out ({@link FormatLayout}). Every item is encrypted {@value #REPEATS} times; a library whose
 * size varies between encryptions (an ECDSA signature's DER length does) is shown with its range.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.coffer.benchmarks.StoredSize   # prints the tables, writes
 *                                                 # benchmarks/results/stored-size.tsv
 * </pre>
 *
 * <p>{@code benchmarks/run.sh} runs it and puts the tables in docs/PERFORMANCE.md; options:
 * {@code --results PATH}, {@code --command TEXT}.
 *
 * <p>Thread-safety: a command-line program; not for concurrent use.
 */
public final class StoredSize {
    static final int REPEATS = 5;
    static final Path RESULTS = Paths.get("benchmarks/results/stored-size.tsv");
    /** The reserved attribute names Coffer adds to every item. */
    static final int RESERVED_NAME_BYTES = ItemEncryptor.HEADER_ATTRIBUTE.length()
            + ItemEncryptor.SIGNATURE_ATTRIBUTE.length();

    /** The libraries compared, in table order. */
    enum Library {
        COFFER_STATIC("Coffer static"),
        COFFER_WRAPPED("Coffer wrapped (AES-KWP)"),
        LEGACY("legacy client"),
        ESDK_HMAC("DB-ESDK HMAC"),
        ESDK_ECDSA("DB-ESDK ECDSA");

        final String label;

        Library(String label) {
            this.label = label;
        }
    }

    private StoredSize() {
    }

    /** One shape's stored size with one library. */
    static final class Size {
        final Shape shape;
        final Library library;
        final long plaintext;
        final long min;
        final long max;

        Size(Shape shape, Library library, long plaintext, long min, long max) {
            this.shape = shape;
            this.library = library;
            this.plaintext = plaintext;
            this.min = min;
            this.max = max;
        }
    }

    /** Coffer's overhead on one shape with one provider, in the bytes DynamoDB bills. */
    static final class Overhead {
        final Shape shape;
        final Fixtures.Provider provider;
        /** Encrypted values, and their stored size minus their plaintext size: in all, and the largest. */
        final int values;
        final long valueTotal;
        final long valueMax;
        final String valueMaxAttribute;
        /** The largest overhead of a scalar (S, N, B, BOOL, NULL) encrypted value. */
        final long scalarMax;
        final int legendEntries;
        /** Fingerprint bytes in the legend (without the two counts). */
        final int legendEntryBytes;
        /** The fixed parts. */
        final int headerFields;
        final int description;
        final int tags;
        final int reservedNames;

        Overhead(Shape shape, Fixtures.Provider provider, int values, long valueTotal, long valueMax,
                String valueMaxAttribute, long scalarMax, int legendEntries, int legendEntryBytes, int headerFields,
                int description, int tags, int reservedNames) {
            this.shape = shape;
            this.provider = provider;
            this.values = values;
            this.valueTotal = valueTotal;
            this.valueMax = valueMax;
            this.valueMaxAttribute = valueMaxAttribute;
            this.scalarMax = scalarMax;
            this.legendEntries = legendEntries;
            this.legendEntryBytes = legendEntryBytes;
            this.headerFields = headerFields;
            this.description = description;
            this.tags = tags;
            this.reservedNames = reservedNames;
        }

        /** Header fields (version, suite, item id, legend counts, commitment), description, tags, names. */
        int fixed() {
            return headerFields + description + tags + reservedNames;
        }

        double perLegendEntry() {
            return legendEntries == 0 ? 0 : (double) legendEntryBytes / legendEntries;
        }

        long total() {
            return valueTotal + legendEntryBytes + fixed();
        }
    }

    /** Everything the tool measured. */
    static final class Results {
        final List<Size> sizes = new ArrayList<>();
        final List<Overhead> overheads = new ArrayList<>();
        String measuredAt = "";
        String command = "";

        Size size(Shape shape, Library library) {
            for (Size s : sizes) {
                if (s.shape == shape && s.library == library) {
                    return s;
                }
            }
            return null;
        }

        Overhead overhead(Shape shape, Fixtures.Provider provider) {
            for (Overhead o : overheads) {
                if (o.shape == shape && o.provider == provider) {
                    return o;
                }
            }
            return null;
        }

        void write(Path file) throws IOException {
            StringBuilder b = new StringBuilder();
            b.append("# Stored sizes, written by ").append(StoredSize.class.getName())
                    .append("; docs/PERFORMANCE.md is generated from this file.\n");
            b.append("#run\t").append(measuredAt).append('\t').append(command).append('\n');
            b.append("#size\tshape\tlibrary\tplaintext\tstored_min\tstored_max\n");
            for (Size s : sizes) {
                b.append("size\t").append(s.shape).append('\t').append(s.library).append('\t').append(s.plaintext)
                        .append('\t').append(s.min).append('\t').append(s.max).append('\n');
            }
            b.append("#overhead\tshape\tprovider\tvalues\tvalue_total\tvalue_max\tvalue_max_attribute\tscalar_max"
                    + "\tlegend_entries\tlegend_entry_bytes\theader_fields\tdescription\ttags\treserved_names\n");
            for (Overhead o : overheads) {
                b.append("overhead\t").append(o.shape).append('\t').append(o.provider).append('\t').append(o.values)
                        .append('\t').append(o.valueTotal).append('\t').append(o.valueMax).append('\t')
                        .append(o.valueMaxAttribute).append('\t').append(o.scalarMax).append('\t')
                        .append(o.legendEntries).append('\t').append(o.legendEntryBytes).append('\t')
                        .append(o.headerFields).append('\t').append(o.description).append('\t').append(o.tags)
                        .append('\t').append(o.reservedNames).append('\n');
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
        }

        static Results read(Path file) throws IOException {
            Results r = new Results();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", -1);
                if (line.startsWith("#run\t")) {
                    r.measuredAt = f[1];
                    r.command = f[2];
                } else if (f[0].equals("size")) {
                    r.sizes.add(new Size(Shape.valueOf(f[1]), Library.valueOf(f[2]), Long.parseLong(f[3]),
                            Long.parseLong(f[4]), Long.parseLong(f[5])));
                } else if (f[0].equals("overhead")) {
                    r.overheads.add(new Overhead(Shape.valueOf(f[1]), Fixtures.Provider.valueOf(f[2]),
                            Integer.parseInt(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]), f[6],
                            Long.parseLong(f[7]), Integer.parseInt(f[8]), Integer.parseInt(f[9]),
                            Integer.parseInt(f[10]), Integer.parseInt(f[11]), Integer.parseInt(f[12]),
                            Integer.parseInt(f[13])));
                }
            }
            return r;
        }
    }

    public static void main(String[] args) throws IOException, GeneralSecurityException {
        Path results = RESULTS;
        String command = "java -cp benchmarks/target/benchmarks.jar " + StoredSize.class.getName();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--results":
                    results = Paths.get(args[++i]);
                    break;
                case "--command":
                    command = args[++i];
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + args[i] + "; see the Javadoc of "
                            + StoredSize.class.getName());
            }
        }
        Results r = measure();
        r.command = command;
        r.write(results);
        StringBuilder out = new StringBuilder();
        PerformanceReport.storedSizeTables(r, out);
        System.out.print(out);
        System.out.println("wrote " + results);
    }

    /** Encrypts every shape with every library and counts. */
    static Results measure() throws GeneralSecurityException {
        Results r = new Results();
        r.measuredAt = DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        Map<Fixtures.Provider, ItemEncryptor> coffer = new EnumMap<>(Fixtures.Provider.class);
        for (Fixtures.Provider p : Fixtures.Provider.values()) {
            coffer.put(p, Fixtures.coffer(p));
        }
        DynamoDBEncryptor legacy = Fixtures.legacy();
        EncryptionContext legacyContext = Fixtures.legacyContext();
        for (Shape shape : Shape.values()) {
            Map<String, AttributeValue> item = shape.item();
            long plaintext = DynamoSize.of(item);
            Map<String, com.amazonaws.services.dynamodbv2.model.AttributeValue> v1 = SdkV1Items.toV1(item);
            Map<String, Set<EncryptionFlags>> flags = Fixtures.legacyFlags(v1.keySet());
            Map<Library, DynamoDbItemEncryptor> esdk = new EnumMap<>(Library.class);
            esdk.put(Library.ESDK_HMAC, Fixtures.esdk(Fixtures.EsdkSuite.HMAC, item.keySet()));
            esdk.put(Library.ESDK_ECDSA, Fixtures.esdk(Fixtures.EsdkSuite.ECDSA, item.keySet()));
            for (Library library : Library.values()) {
                long min = Long.MAX_VALUE;
                long max = 0;
                for (int i = 0; i < REPEATS; i++) {
                    Map<String, AttributeValue> stored;
                    switch (library) {
                        case COFFER_STATIC:
                            stored = coffer.get(Fixtures.Provider.STATIC).encrypt(item);
                            break;
                        case COFFER_WRAPPED:
                            stored = coffer.get(Fixtures.Provider.WRAPPED).encrypt(item);
                            break;
                        case LEGACY:
                            stored = SdkV1Items.toV2(legacy.encryptRecord(v1, flags, legacyContext));
                            break;
                        default:
                            stored = esdk.get(library).EncryptItem(EncryptItemInput.builder().plaintextItem(item)
                                    .build()).encryptedItem();
                            break;
                    }
                    long size = DynamoSize.of(stored);
                    min = Math.min(min, size);
                    max = Math.max(max, size);
                }
                r.sizes.add(new Size(shape, library, plaintext, min, max));
            }
            for (Fixtures.Provider p : Fixtures.Provider.values()) {
                Overhead o = overhead(shape, p, item, coffer.get(p).encrypt(item));
                Size measured = r.size(shape, p == Fixtures.Provider.STATIC ? Library.COFFER_STATIC
                        : Library.COFFER_WRAPPED);
                if (o.total() != measured.max - plaintext || measured.min != measured.max) {
                    throw new IllegalStateException("Coffer " + p + " on " + shape + ": the overhead's parts add up to "
                            + o.total() + " bytes, the stored item is " + (measured.max - plaintext) + " bytes larger");
                }
                r.overheads.add(o);
            }
        }
        return r;
    }

    /** Coffer's overhead in {@code stored}, read off as docs/FORMAT.md lays it out. */
    static Overhead overhead(Shape shape, Fixtures.Provider provider, Map<String, AttributeValue> item,
            Map<String, AttributeValue> stored) {
        FormatLayout layout = new FormatLayout(item, stored, Fixtures.TABLE);
        long total = 0;
        long max = Long.MIN_VALUE;
        long scalarMax = Long.MIN_VALUE;
        String maxAttribute = "";
        for (int k = 0; k < layout.encryptedCount; k++) {
            String name = layout.legendOrder.get(k);
            AttributeValue plain = item.get(name);
            long o = DynamoSize.of(stored.get(name)) - DynamoSize.of(plain);
            total += o;
            if (o > max) {
                max = o;
                maxAttribute = name + " (" + plain.type() + ")";
            }
            switch (plain.type()) {
                case S:
                case N:
                case B:
                case BOOL:
                case NUL:
                    scalarMax = Math.max(scalarMax, o);
                    break;
                default:
                    break;
            }
        }
        int entries = layout.legendOrder.size();
        int headerFields = layout.header.length - layout.descriptionBytes() - 4 * entries;
        int tags = stored.get(ItemEncryptor.SIGNATURE_ATTRIBUTE).b().asByteArrayUnsafe().length;
        return new Overhead(shape, provider, layout.encryptedCount, total, max, maxAttribute, scalarMax, entries,
                4 * entries, headerFields, layout.descriptionBytes(), tags, RESERVED_NAME_BYTES);
    }

    static String formatBytes(long b) {
        return String.format(Locale.ROOT, "%,d", b);
    }
}
