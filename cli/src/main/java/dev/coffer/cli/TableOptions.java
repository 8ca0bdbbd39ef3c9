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
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The table configuration, from flags or a small JSON file (flags win):
 *
 * <pre>
 * {"table": "sessions", "logical_table": "sessions", "partition_key": "user_id", "sort_key": "session_id",
 *  "actions": {"status": "SIGN_ONLY", "hits": "DO_NOTHING"}, "default_action": "ENCRYPT_AND_SIGN",
 *  "allowed_unsigned": ["x"], "allowed_unsigned_prefix": "tmp_"}
 * </pre>
 */
final class TableOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Table configuration JSON file (see 'coffer help encrypt').")
    Path configFile;

    @Option(names = {"-t", "--table"}, paramLabel = "NAME", description = "DynamoDB table name.")
    String table;

    @Option(names = "--logical-table", paramLabel = "NAME", description = "Logical table name items are bound to.")
    String logicalTable;

    @Option(names = {"-p", "--partition-key"}, paramLabel = "ATTR", description = "Partition key attribute.")
    String partitionKey;

    @Option(names = {"-s", "--sort-key"}, paramLabel = "ATTR", description = "Sort key attribute, if the table has one.")
    String sortKey;

    @Option(names = "--sign-only", split = ",", paramLabel = "ATTR", description = "Attributes kept readable but signed.")
    List<String> signOnly = new ArrayList<>();

    @Option(names = "--do-nothing", split = ",", paramLabel = "ATTR", description = "Attributes neither encrypted nor signed.")
    List<String> doNothing = new ArrayList<>();

    @Option(names = "--encrypt", split = ",", paramLabel = "ATTR",
            description = "Attributes encrypted and signed (the default for unlisted ones unless --default-action says otherwise).")
    List<String> encrypt = new ArrayList<>();

    @Option(names = "--default-action", paramLabel = "ACTION",
            description = "Action for unlisted attributes: ENCRYPT_AND_SIGN (default), SIGN_ONLY or DO_NOTHING.")
    String defaultAction;

    @Option(names = "--allow-unsigned", split = ",", paramLabel = "ATTR", description = "Unsigned attributes accepted on decrypt.")
    List<String> allowUnsigned = new ArrayList<>();

    @Option(names = "--allow-unsigned-prefix", paramLabel = "PREFIX", description = "Accept unsigned attributes with this prefix.")
    String allowUnsignedPrefix;

    TableConfig build(MaterialsProvider provider) {
        TableConfig.Builder b = TableConfig.builder().materialsProvider(provider);
        if (configFile != null) {
            applyFile(b);
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
        return b.build();
    }

    private void applyFile(TableConfig.Builder b) {
        JsonNode c;
        try {
            c = ItemDocument.MAPPER.readTree(Files.readString(configFile));
        } catch (NoSuchFileException e) {
            throw new UsageError("config file '" + configFile + "' does not exist");
        } catch (IOException e) {
            throw new UsageError("config file '" + configFile + "' is not valid JSON: " + e.getMessage());
        }
        String where = "config file '" + configFile + "'";
        if (c == null || !c.isObject()) {
            throw new UsageError(where + ": expected a JSON object");
        }
        for (Iterator<String> it = c.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!List.of("table", "logical_table", "partition_key", "sort_key", "actions", "default_action",
                    "allowed_unsigned", "allowed_unsigned_prefix").contains(f)) {
                throw new UsageError(where + ": unknown field '" + f + "'");
            }
        }
        if (c.hasNonNull("table")) {
            b.tableName(c.get("table").asText());
        }
        if (c.hasNonNull("logical_table")) {
            b.logicalTableName(c.get("logical_table").asText());
        }
        if (c.hasNonNull("partition_key")) {
            b.partitionKey(c.get("partition_key").asText());
        }
        if (c.hasNonNull("sort_key")) {
            b.sortKey(c.get("sort_key").asText());
        }
        if (c.has("actions")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = c.get("actions").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                b.action(e.getKey(), action(e.getValue().asText(), where + " action of '" + e.getKey() + "'"));
            }
        }
        if (c.hasNonNull("default_action")) {
            b.defaultAction(action(c.get("default_action").asText(), where + " default_action"));
        }
        if (c.has("allowed_unsigned")) {
            List<String> names = new ArrayList<>();
            c.get("allowed_unsigned").forEach(n -> names.add(n.asText()));
            b.allowedUnsignedAttributes(names);
        }
        if (c.hasNonNull("allowed_unsigned_prefix")) {
            b.allowedUnsignedPrefix(c.get("allowed_unsigned_prefix").asText());
        }
    }

    static CryptoAction action(String text, String where) {
        try {
            return CryptoAction.valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new UsageError(where + ": '" + text + "' is not an action; use ENCRYPT_AND_SIGN, SIGN_ONLY or DO_NOTHING");
        }
    }
}
