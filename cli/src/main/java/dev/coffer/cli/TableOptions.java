package dev.coffer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.CryptoAction;
import dev.coffer.TableConfig;
import dev.coffer.materials.MaterialsProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The table configuration, from flags or a JSON file given with {@code --config} (flags win). Every
 * field of the file is optional; {@link #FIELDS} lists them with the flag each stands for:
 *
 * <pre>
 * {"table": "sessions", "logical_table": "sessions", "partition_key": "user_id", "sort_key": "session_id",
 *  "actions": {"status": "SIGN_ONLY", "hits": "DO_NOTHING"}, "default_action": "ENCRYPT_AND_SIGN",
 *  "allowed_unsigned": ["x"], "allowed_unsigned_prefix": "tmp_"}
 * </pre>
 */
final class TableOptions {
    /** The config file's fields, each with the flag it stands for (docs/cli.md lists them too). */
    static final Map<String, String> FIELDS;

    static {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("table", "-t/--table");
        f.put("logical_table", "--logical-table");
        f.put("partition_key", "-p/--partition-key");
        f.put("sort_key", "-s/--sort-key");
        f.put("actions", "--encrypt, --sign-only, --do-nothing");
        f.put("default_action", "--default-action");
        f.put("allowed_unsigned", "--allow-unsigned");
        f.put("allowed_unsigned_prefix", "--allow-unsigned-prefix");
        f.put("suite", "--suite");
        f.put("accept_hmac_only_items", "--accept-hmac-only-items");
        f.put("legacy", "--legacy-* (decrypt and reencrypt; an object, see docs/cli.md)");
        FIELDS = Collections.unmodifiableMap(f);
    }

    @Option(names = "--config", paramLabel = "FILE",
            description = "Table configuration JSON file. Fields (all optional; flags win): table, logical_table, "
                    + "partition_key, sort_key, actions (attribute -> ENCRYPT_AND_SIGN|SIGN_ONLY|DO_NOTHING), "
                    + "default_action, allowed_unsigned (array), allowed_unsigned_prefix, suite, accept_hmac_only_items "
                    + "(boolean), legacy (object: the --legacy-* options of decrypt and reencrypt). See docs/cli.md.")
    Path configFile;

    @Option(names = {"-t", "--table"}, paramLabel = "NAME", description = "DynamoDB table name (config: table).")
    String table;

    @Option(names = "--logical-table", paramLabel = "NAME",
            description = "Name items are bound to instead of the table name, if the table may be renamed or restored "
                    + "under another name (config: logical_table).")
    String logicalTable;

    @Option(names = {"-p", "--partition-key"}, paramLabel = "ATTR", description = "Partition key attribute (config: partition_key).")
    String partitionKey;

    @Option(names = {"-s", "--sort-key"}, paramLabel = "ATTR",
            description = "Sort key attribute, if the table has one (config: sort_key).")
    String sortKey;

    @Option(names = "--sign-only", split = ",", paramLabel = "ATTR",
            description = "Attributes kept readable but signed (config: actions).")
    List<String> signOnly = new ArrayList<>();

    @Option(names = "--do-nothing", split = ",", paramLabel = "ATTR",
            description = "Attributes neither encrypted nor signed (config: actions).")
    List<String> doNothing = new ArrayList<>();

    @Option(names = "--encrypt", split = ",", paramLabel = "ATTR",
            description = "Attributes encrypted and signed: the default for unlisted ones unless --default-action says "
                    + "otherwise (config: actions).")
    List<String> encrypt = new ArrayList<>();

    @Option(names = "--default-action", paramLabel = "ACTION",
            description = "Action for unlisted attributes: ENCRYPT_AND_SIGN (default), SIGN_ONLY or DO_NOTHING "
                    + "(config: default_action).")
    String defaultAction;

    @Option(names = "--allow-unsigned", split = ",", paramLabel = "ATTR",
            description = "Unsigned attributes decrypt accepts, for attributes other writers add (config: allowed_unsigned).")
    List<String> allowUnsigned = new ArrayList<>();

    @Option(names = "--allow-unsigned-prefix", paramLabel = "PREFIX",
            description = "Accept unsigned attributes whose names start with this prefix (config: allowed_unsigned_prefix).")
    String allowUnsignedPrefix;

    @Option(names = "--suite", paramLabel = "SUITE",
            description = "Algorithm suite: hmac (default; 0x01) or ecdsa (0x02: also an ECDSA P-256 signature, so "
                    + "readers who can decrypt cannot forge; decrypt then refuses hmac items) (config: suite).")
    String suite;

    @Option(names = "--accept-hmac-only-items",
            description = "With --suite ecdsa: decrypt also accepts hmac items, during a migration only "
                    + "(config: accept_hmac_only_items).")
    boolean acceptHmacOnlyItems;

    TableConfig build(MaterialsProvider provider, CofferCli cli) {
        TableConfig.Builder b = TableConfig.builder().materialsProvider(provider);
        if (configFile != null) {
            applyFile(b, cli.resolve(configFile));
        }
        if (table != null) {
            b.tableName(table);
        }
        if (logicalTable != null) {
            b.logicalTableName(logicalTable);
        }
        if (partitionKey != null) {
            b.partitionKey(partitionKey);
        }
        if (sortKey != null) {
            b.sortKey(sortKey);
        }
        encrypt.forEach(a -> b.action(a, CryptoAction.ENCRYPT_AND_SIGN));
        signOnly.forEach(a -> b.action(a, CryptoAction.SIGN_ONLY));
        doNothing.forEach(a -> b.action(a, CryptoAction.DO_NOTHING));
        if (defaultAction != null) {
            b.defaultAction(action(defaultAction, "--default-action"));
        }
        b.allowedUnsignedAttributes(allowUnsigned);
        if (allowUnsignedPrefix != null) {
            b.allowedUnsignedPrefix(allowUnsignedPrefix);
        }
        if (suite != null) {
            b.algorithmSuite(suite(suite, "--suite"));
        }
        if (acceptHmacOnlyItems) {
            b.acceptHmacOnlyItems(true);
        }
        return b.build();
    }

    private static dev.coffer.AlgorithmSuite suite(String value, String where) {
        switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "hmac":
            case "aes_gcm_hmac_sha256":
                return dev.coffer.AlgorithmSuite.AES_GCM_HMAC_SHA256;
            case "ecdsa":
            case "aes_gcm_hmac_sha256_ecdsa_p256":
                return dev.coffer.AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256;
            default:
                throw new UsageError(where + ": unknown suite '" + value + "'; use hmac or ecdsa");
        }
    }

    private void applyFile(TableConfig.Builder b, Path file) {
        String where = "config file '" + configFile + "'";
        JsonNode c = readFile(file, configFile);
        applyFields(b, c, where);
    }

    /** The config file as a JSON object whose fields are all known ({@link #FIELDS}). */
    static JsonNode readFile(Path file, Path shown) {
        String where = "config file '" + shown + "'";
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UsageError(where + " does not exist");
        } catch (IOException e) {
            throw new UsageError("cannot read " + where + ": " + e.getClass().getSimpleName());
        }
        JsonNode c = ItemDocument.parseJson(text, where);
        if (!c.isObject()) {
            throw new UsageError(where + ": expected a JSON object with the fields " + String.join(", ", FIELDS.keySet()));
        }
        for (Iterator<String> it = c.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!FIELDS.containsKey(f)) {
                throw new UsageError(where + ": unknown field '" + f + "'; the fields are " + String.join(", ", FIELDS.keySet())
                        + " (see docs/cli.md)");
            }
        }
        return c;
    }

    private static void applyFields(TableConfig.Builder b, JsonNode c, String where) {
        string(c, "table", where).ifPresent(b::tableName);
        string(c, "logical_table", where).ifPresent(b::logicalTableName);
        string(c, "partition_key", where).ifPresent(b::partitionKey);
        string(c, "sort_key", where).ifPresent(b::sortKey);
        JsonNode actions = c.get("actions");
        if (actions != null && !actions.isNull()) {
            actions(actions, where + ": \"actions\"").forEach(b::action);
        }
        string(c, "default_action", where).ifPresent(a -> b.defaultAction(action(a, where + ", default_action")));
        JsonNode unsigned = c.get("allowed_unsigned");
        if (unsigned != null && !unsigned.isNull()) {
            if (!unsigned.isArray()) {
                throw new UsageError(where + ": \"allowed_unsigned\" must be an array of attribute names");
            }
            List<String> names = new ArrayList<>();
            for (JsonNode n : unsigned) {
                if (!n.isTextual()) {
                    throw new UsageError(where + ": \"allowed_unsigned\" must hold attribute names (strings)");
                }
                names.add(n.textValue());
            }
            b.allowedUnsignedAttributes(names);
        }
        string(c, "allowed_unsigned_prefix", where).ifPresent(b::allowedUnsignedPrefix);
        string(c, "suite", where).ifPresent(v -> b.algorithmSuite(suite(v, where + ", suite")));
        JsonNode accept = c.get("accept_hmac_only_items");
        if (accept != null && !accept.isNull()) {
            if (!accept.isBoolean()) {
                throw new UsageError(where + ": \"accept_hmac_only_items\" must be true or false");
            }
            b.acceptHmacOnlyItems(accept.booleanValue());
        }
    }

    private static Optional<String> string(JsonNode c, String field, String where) {
        JsonNode n = c.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw new UsageError(where + ": \"" + field + "\" must be a string");
        }
        return Optional.of(n.textValue());
    }

    /**
     * An "actions" object of a config file (attribute name to ENCRYPT_AND_SIGN, SIGN_ONLY or DO_NOTHING),
     * in document order; {@code where} names it in errors. Shared by the table config and its "legacy" part.
     */
    static Map<String, CryptoAction> actions(JsonNode actions, String where) {
        if (!actions.isObject()) {
            throw new UsageError(where + " must be an object of attribute name to ENCRYPT_AND_SIGN, SIGN_ONLY or DO_NOTHING");
        }
        Map<String, CryptoAction> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = actions.properties().iterator(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new UsageError(where + ": the action of '" + e.getKey() + "' must be a string: ENCRYPT_AND_SIGN, "
                        + "SIGN_ONLY or DO_NOTHING");
            }
            out.put(e.getKey(), action(e.getValue().textValue(), where + ", action of '" + e.getKey() + "'"));
        }
        return out;
    }

    static CryptoAction action(String text, String where) {
        try {
            return CryptoAction.valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new UsageError(where + ": '" + text + "' is not an action; use ENCRYPT_AND_SIGN, SIGN_ONLY or DO_NOTHING");
        }
    }
}
