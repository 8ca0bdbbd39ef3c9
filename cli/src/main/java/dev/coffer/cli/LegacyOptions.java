package dev.coffer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.ConfigurationException;
import dev.coffer.CryptoAction;
import dev.coffer.TableConfig;
import dev.coffer.legacy.LegacyItemReader;
import dev.coffer.legacy.LegacyKeys;
import dev.coffer.migration.LegacyPhase;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.crypto.spec.SecretKeySpec;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The legacy DynamoDB Encryption Client options of {@code coffer decrypt} and {@code coffer reencrypt}:
 * the keys a legacy table was written with, the legacy actions if they differ from the table's, the
 * table name legacy signatures cover, and the legacy phase. From flags or from the {@code "legacy"}
 * object of the {@code --config} file (flags win). The file of local keys ({@code --legacy-keys}) is
 * documented in docs/cli.md ("Legacy tables").
 */
final class LegacyOptions {
    /** The fields of the config file's "legacy" object, each with its flag. */
    static final Map<String, String> FIELDS;

    static {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("kms_keys", "--legacy-kms-key");
        f.put("meta_store", "--legacy-meta-store");
        f.put("meta_store_kms_keys", "--legacy-meta-store-kms-key");
        f.put("keys_file", "--legacy-keys");
        f.put("actions", "--legacy-encrypt, --legacy-sign-only, --legacy-do-nothing");
        f.put("default_action", "--legacy-default-action");
        f.put("signed_table", "--legacy-signed-table");
        f.put("phase", "--legacy-phase");
        FIELDS = java.util.Collections.unmodifiableMap(f);
    }
    private static final String ARN = "arn:[a-z-]+:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+";
    private static final Set<String> KEYS_FILE_FIELDS = Set.of("symmetric_static", "wrapped", "meta_store");

    @Option(names = "--legacy-kms-key", paramLabel = "ARN",
            description = "Legacy table written with the legacy direct-KMS provider: a KMS key ARN it used (repeatable; "
                    + "config: legacy.kms_keys). Region and endpoint as --kms-region, --kms-endpoint.")
    List<String> kmsKeys = new ArrayList<>();

    @Option(names = "--legacy-meta-store", paramLabel = "TABLE",
            description = "Legacy table written with the legacy most-recent provider: its meta-store table "
                    + "(config: legacy.meta_store). Needs --legacy-meta-store-kms-key or \"meta_store\" in --legacy-keys.")
    String metaStore;

    @Option(names = "--legacy-meta-store-kms-key", paramLabel = "ARN",
            description = "The KMS key ARN the meta-store table was written with (repeatable; "
                    + "config: legacy.meta_store_kms_keys).")
    List<String> metaStoreKmsKeys = new ArrayList<>();

    @Option(names = "--legacy-keys", paramLabel = "FILE",
            description = "Local legacy keys (symmetric static, wrapped, a meta-store's keys) in a JSON file; format in "
                    + "docs/cli.md (config: legacy.keys_file). Refused if other users may read it, as a keyring.")
    Path keysFile;

    @Option(names = "--legacy-encrypt", split = ",", paramLabel = "ATTR",
            description = "Attributes the legacy writer encrypted, if the legacy actions differ from the table's "
                    + "(config: legacy.actions).")
    List<String> encrypt = new ArrayList<>();

    @Option(names = "--legacy-sign-only", split = ",", paramLabel = "ATTR",
            description = "Attributes the legacy writer only signed (@DoNotEncrypt), if they differ from the table's "
                    + "(config: legacy.actions).")
    List<String> signOnly = new ArrayList<>();

    @Option(names = "--legacy-do-nothing", split = ",", paramLabel = "ATTR",
            description = "Attributes the legacy writer left alone (@DoNotTouch), if they differ from the table's "
                    + "(config: legacy.actions).")
    List<String> doNothing = new ArrayList<>();

    @Option(names = "--legacy-default-action", paramLabel = "ACTION",
            description = "Legacy action of unlisted attributes, if the legacy actions differ from the table's "
                    + "(default ENCRYPT_AND_SIGN; config: legacy.default_action).")
    String defaultAction;

    @Option(names = "--legacy-signed-table", paramLabel = "NAME",
            description = "The table name the legacy client wrote with, if the table has been renamed or restored under "
                    + "another name since (default: --table; config: legacy.signed_table).")
    String signedTable;

    @Option(names = "--legacy-phase", paramLabel = "PHASE",
            description = "READ_LEGACY_WRITE_COFFER (the default with legacy keys: legacy items are verified and read) or "
                    + "COFFER_ONLY (migration done: legacy items are refused) (config: legacy.phase).")
    String phase;

    /** What the flags and the config file's "legacy" object say, flags first. */
    private static final class Settings {
        List<String> kmsKeys = List.of();
        String metaStore;
        List<String> metaStoreKmsKeys = List.of();
        Path keysFile;
        String keysFileFlag = "--legacy-keys";
        Map<String, CryptoAction> actions = new LinkedHashMap<>();
        String actionsFlag = "--legacy-encrypt/--legacy-sign-only/--legacy-do-nothing";
        CryptoAction defaultAction;
        String signedTable;
        LegacyPhase phase;
        String phaseFlag = "--legacy-phase";
    }

    /**
     * {@code config} with the legacy reader and phase these options describe (unchanged when none is
     * given). {@code dynamoDb} gives the client the meta-store is read with, only if one is named.
     */
    TableConfig apply(TableConfig config, TableOptions table, KeyOptions keys, CofferCli cli, PrintWriter err,
            Supplier<DynamoDbClient> dynamoDb) {
        Settings s = settings(table, cli);
        boolean anyKeys = !s.kmsKeys.isEmpty() || s.metaStore != null || s.keysFile != null;
        if (!anyKeys) {
            if (!s.metaStoreKmsKeys.isEmpty()) {
                throw new UsageError("--legacy-meta-store-kms-key needs --legacy-meta-store TABLE, the meta-store table "
                        + "those keys protect");
            }
            if (!s.actions.isEmpty() || s.defaultAction != null || s.signedTable != null) {
                throw new UsageError((!s.actions.isEmpty() ? s.actionsFlag : s.defaultAction != null
                        ? "--legacy-default-action" : "--legacy-signed-table") + " describes legacy items, but no legacy "
                        + "keys are given: pass --legacy-kms-key ARN, --legacy-meta-store TABLE or --legacy-keys FILE");
            }
            if (s.phase == LegacyPhase.READ_LEGACY_WRITE_COFFER) {
                throw new UsageError(s.phaseFlag + " READ_LEGACY_WRITE_COFFER reads legacy items, so it needs the keys "
                        + "they were written with: pass --legacy-kms-key ARN, --legacy-meta-store TABLE or --legacy-keys FILE");
            }
            return s.phase == null ? config : config.toBuilder().legacyPhase(s.phase).build();
        }
        LegacyItemReader.Builder reader = LegacyItemReader.builder().keys(keys(s, keys, cli, err, dynamoDb));
        try {
            if (!s.actions.isEmpty()) {
                reader.actions(s.actions);
            }
            if (s.defaultAction != null) {
                reader.defaultAction(s.defaultAction);
            }
        } catch (ConfigurationException e) {
            throw new UsageError(s.actionsFlag + ": " + e.getMessage(), e);
        }
        if (s.signedTable != null) {
            if (s.signedTable.isEmpty()) {
                throw new UsageError("--legacy-signed-table must not be empty; leave it out to use the table name");
            }
            reader.signedTableName(s.signedTable);
        }
        TableConfig.Builder b = config.toBuilder().legacyReader(reader.build());
        if (s.phase != null) {
            b.legacyPhase(s.phase);
        }
        return b.build();
    }

    private Settings settings(TableOptions table, CofferCli cli) {
        Settings s = new Settings();
        if (table.configFile != null) {
            JsonNode legacy = TableOptions.readFile(cli.resolve(table.configFile), table.configFile).get("legacy");
            if (legacy != null && !legacy.isNull()) {
                fromFile(s, legacy, "config file '" + table.configFile + "', \"legacy\"", cli);
            }
        }
        if (!kmsKeys.isEmpty()) {
            s.kmsKeys = List.copyOf(kmsKeys);
        }
        if (metaStore != null) {
            s.metaStore = metaStore;
        }
        if (!metaStoreKmsKeys.isEmpty()) {
            s.metaStoreKmsKeys = List.copyOf(metaStoreKmsKeys);
        }
        if (keysFile != null) {
            s.keysFile = cli.resolve(keysFile);
            s.keysFileFlag = "--legacy-keys";
        }
        if (!encrypt.isEmpty() || !signOnly.isEmpty() || !doNothing.isEmpty()) {
            s.actions = new LinkedHashMap<>();
            s.actionsFlag = "--legacy-encrypt/--legacy-sign-only/--legacy-do-nothing";
            encrypt.forEach(a -> s.actions.put(a, CryptoAction.ENCRYPT_AND_SIGN));
            signOnly.forEach(a -> s.actions.put(a, CryptoAction.SIGN_ONLY));
            doNothing.forEach(a -> s.actions.put(a, CryptoAction.DO_NOTHING));
        }
        if (defaultAction != null) {
            s.defaultAction = TableOptions.action(defaultAction, "--legacy-default-action");
        }
        if (signedTable != null) {
            s.signedTable = signedTable;
        }
        if (phase != null) {
            s.phase = phase(phase, "--legacy-phase");
            s.phaseFlag = "--legacy-phase";
        }
        checkArns(s.kmsKeys, "--legacy-kms-key");
        checkArns(s.metaStoreKmsKeys, "--legacy-meta-store-kms-key");
        return s;
    }

    private static void fromFile(Settings s, JsonNode legacy, String where, CofferCli cli) {
        if (!legacy.isObject()) {
            throw new UsageError(where + " must be an object with the fields " + String.join(", ", FIELDS.keySet()));
        }
        for (Iterator<String> it = legacy.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!FIELDS.containsKey(f)) {
                throw new UsageError(where + ": unknown field '" + f + "'; the fields are "
                        + String.join(", ", FIELDS.keySet()) + " (see docs/cli.md)");
            }
        }
        s.kmsKeys = strings(legacy, "kms_keys", where);
        s.metaStore = string(legacy, "meta_store", where);
        s.metaStoreKmsKeys = strings(legacy, "meta_store_kms_keys", where);
        String file = string(legacy, "keys_file", where);
        if (file != null) {
            s.keysFile = cli.resolve(Path.of(file));
            s.keysFileFlag = where + ".keys_file";
        }
        JsonNode actions = legacy.get("actions");
        if (actions != null && !actions.isNull()) {
            s.actions.putAll(TableOptions.actions(actions, where + ".actions"));
            s.actionsFlag = where + ".actions";
        }
        String d = string(legacy, "default_action", where);
        if (d != null) {
            s.defaultAction = TableOptions.action(d, where + ".default_action");
        }
        s.signedTable = string(legacy, "signed_table", where);
        String p = string(legacy, "phase", where);
        if (p != null) {
            s.phaseFlag = where + ".phase";
            s.phase = phase(p, s.phaseFlag);
        }
    }

    private LegacyKeys keys(Settings s, KeyOptions keyOptions, CofferCli cli, PrintWriter err,
            Supplier<DynamoDbClient> dynamoDb) {
        List<LegacyKeys> kinds = new ArrayList<>();
        LegacyKeys metaFromFile = null;
        if (s.keysFile != null) {
            KeysFile f = readKeysFile(s.keysFile, s.keysFileFlag, err, keyOptions.allowInsecureKeyring);
            kinds.addAll(f.dataKeys);
            metaFromFile = f.metaStoreKeys;
        }
        List<String> allArns = new ArrayList<>(s.kmsKeys);
        allArns.addAll(s.metaStoreKmsKeys);
        KmsClient kms = allArns.isEmpty() ? null : keyOptions.kmsClient(allArns,
                s.kmsKeys.isEmpty() ? "--legacy-meta-store-kms-key" : "--legacy-kms-key");
        if (!s.kmsKeys.isEmpty()) {
            kinds.add(LegacyKeys.directKms(kms, s.kmsKeys));
        }
        if (s.metaStore != null) {
            if (s.metaStore.isEmpty()) {
                throw new UsageError("--legacy-meta-store must not be empty");
            }
            LegacyKeys metaKeys;
            if (!s.metaStoreKmsKeys.isEmpty() && metaFromFile != null) {
                throw new UsageError("--legacy-meta-store-kms-key and \"meta_store\" in " + s.keysFileFlag
                        + " both give the meta-store's keys; keep one");
            } else if (!s.metaStoreKmsKeys.isEmpty()) {
                metaKeys = LegacyKeys.directKms(kms, s.metaStoreKmsKeys);
            } else if (metaFromFile != null) {
                metaKeys = metaFromFile;
            } else {
                throw new UsageError("--legacy-meta-store '" + s.metaStore + "' needs the keys the meta-store table was "
                        + "written with: --legacy-meta-store-kms-key ARN, or \"meta_store\" in the --legacy-keys file");
            }
            kinds.add(LegacyKeys.mostRecent(dynamoDb.get(), s.metaStore, metaKeys));
        } else if (!s.metaStoreKmsKeys.isEmpty()) {
            throw new UsageError("--legacy-meta-store-kms-key needs --legacy-meta-store TABLE, the meta-store table "
                    + "those keys protect");
        }
        if (kinds.isEmpty()) {
            throw new UsageError(s.keysFileFlag + " '" + s.keysFile + "' holds no data keys (\"symmetric_static\" or "
                    + "\"wrapped\"); its \"meta_store\" keys are used with --legacy-meta-store TABLE");
        }
        // Combined even when there is one kind: an item of a kind not given then says which flag it needs,
        // instead of failing its signature check under the wrong keys.
        return LegacyKeys.combine(kinds.toArray(new LegacyKeys[0]));
    }

    private record KeysFile(List<LegacyKeys> dataKeys, LegacyKeys metaStoreKeys) {
    }

    /**
     * The --legacy-keys file: {@code {"symmetric_static": {...}, "wrapped": {...}, "meta_store":
     * {"wrapped"|"symmetric_static": {...}}}}, keys base64 (AES and HMAC raw bytes, RSA public keys
     * X.509 DER, RSA private keys PKCS#8 DER; PEM accepted). Errors name the field, never a value.
     */
    static KeysFile readKeysFile(Path file, String flag, PrintWriter err, boolean allowInsecure) {
        String where = flag + " '" + file + "'";
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UsageError(where + " does not exist");
        } catch (IOException e) {
            throw new UsageError("cannot read " + where + ": " + e.getClass().getSimpleName());
        }
        JsonNode root = ItemDocument.parseJson(text, where);
        if (!root.isObject()) {
            throw new UsageError(where + ": expected a JSON object with \"symmetric_static\", \"wrapped\" and/or \"meta_store\"");
        }
        Keyrings.checkPermissions(file, err, allowInsecure, "legacy keys file");
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!KEYS_FILE_FIELDS.contains(f)) {
                throw new UsageError(where + ": unknown field '" + f + "'; the fields are symmetric_static, wrapped, "
                        + "meta_store (see docs/cli.md)");
            }
        }
        List<LegacyKeys> data = providers(root, where);
        LegacyKeys meta = null;
        JsonNode m = root.get("meta_store");
        if (m != null && !m.isNull()) {
            List<LegacyKeys> metaKinds = providers(m, where + ", meta_store");
            if (metaKinds.size() != 1) {
                throw new UsageError(where + ": \"meta_store\" must hold exactly one of \"symmetric_static\" or \"wrapped\": "
                        + "the keys the meta-store table was written with");
            }
            meta = metaKinds.get(0);
        }
        return new KeysFile(data, meta);
    }

    private static List<LegacyKeys> providers(JsonNode node, String where) {
        List<LegacyKeys> out = new ArrayList<>();
        if (!node.isObject()) {
            throw new UsageError(where + " must be an object");
        }
        JsonNode st = node.get("symmetric_static");
        if (st != null && !st.isNull()) {
            String w = where + ", symmetric_static";
            try {
                out.add(LegacyKeys.symmetricStatic(secret(st, "encryption_key", "AES", w), verification(st, w)));
            } catch (ConfigurationException e) {
                throw new UsageError(w + ": " + e.getMessage(), e);
            }
        }
        JsonNode wr = node.get("wrapped");
        if (wr != null && !wr.isNull()) {
            String w = where + ", wrapped";
            if (wr.has("wrapping_key") == wr.has("unwrapping_private_key")) {
                throw new UsageError(w + ": give one of \"wrapping_key\" (AES, base64) or \"unwrapping_private_key\" "
                        + "(RSA, PKCS#8)");
            }
            Key unwrap = wr.has("wrapping_key") ? secret(wr, "wrapping_key", "AES", w) : rsa(wr, "unwrapping_private_key", true, w);
            try {
                out.add(LegacyKeys.wrapped(unwrap, verification(wr, w)));
            } catch (ConfigurationException e) {
                throw new UsageError(w + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static Key verification(JsonNode node, String where) {
        boolean mac = node.has("mac_key");
        if (mac == node.has("signature_public_key")) {
            throw new UsageError(where + ": give one of \"mac_key\" (HMAC key, base64, with \"mac_algorithm\", default "
                    + "HmacSHA256) or \"signature_public_key\" (RSA, X.509)");
        }
        if (mac) {
            String alg = node.hasNonNull("mac_algorithm") ? node.get("mac_algorithm").asText() : "HmacSHA256";
            if (!alg.matches("HmacSHA(256|384|512)")) {
                throw new UsageError(where + ": \"mac_algorithm\" '" + alg + "' is not HmacSHA256, HmacSHA384 or HmacSHA512");
            }
            return secret(node, "mac_key", alg, where);
        }
        return rsa(node, "signature_public_key", false, where);
    }

    private static SecretKeySpec secret(JsonNode node, String field, String algorithm, String where) {
        byte[] b = decode(node, field, where);
        try {
            return new SecretKeySpec(b, algorithm);
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    private static Key rsa(JsonNode node, String field, boolean isPrivate, String where) {
        byte[] b = decode(node, field, where);
        try {
            KeyFactory f = KeyFactory.getInstance("RSA");
            if (isPrivate) {
                PrivateKey k = f.generatePrivate(new PKCS8EncodedKeySpec(b));
                return k;
            }
            PublicKey k = f.generatePublic(new X509EncodedKeySpec(b));
            return k;
        } catch (GeneralSecurityException e) {
            throw new UsageError(where + ": \"" + field + "\" is not an RSA " + (isPrivate ? "private key (PKCS#8 DER)"
                    : "public key (X.509 DER)"));
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    private static byte[] decode(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new UsageError(where + ": \"" + field + "\" must be a base64 string");
        }
        String text = v.textValue().replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new UsageError(where + ": \"" + field + "\" is not valid base64");
        }
    }

    private static void checkArns(List<String> arns, String flag) {
        for (String arn : arns) {
            if (!arn.matches(ARN)) {
                throw new UsageError(flag + " '" + arn + "' is not a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID); "
                        + "the legacy client was configured with key ARNs, and aliases are not accepted");
            }
        }
    }

    private static LegacyPhase phase(String text, String flag) {
        try {
            return LegacyPhase.valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new UsageError(flag + " '" + text + "' is not a legacy phase; use READ_LEGACY_WRITE_COFFER or "
                    + "COFFER_ONLY (see docs/migration.md)");
        }
    }

    private static String string(JsonNode node, String field, String where) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new UsageError(where + "." + field + " must be a string");
        }
        return n.textValue();
    }

    private static List<String> strings(JsonNode node, String field, String where) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new UsageError(where + "." + field + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw new UsageError(where + "." + field + " must be an array of strings");
            }
            out.add(e.textValue());
        }
        return List.copyOf(out);
    }
}
