package dev.coffer.spring;

import dev.coffer.ConfigurationException;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.WrappedProvider;
import dev.coffer.materials.WrappingKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.json.JsonParserFactory;

/**
 * Reads a keyring file written by {@code coffer keygen} (format {@code coffer-keyring-1},
 * docs/cli.md, "The keyring file") into a {@link WrappedProvider}. Errors name the file and the
 * field, never a key.
 */
final class KeyringFile {
    static final String FORMAT = "coffer-keyring-1";
    private static final Log LOG = LogFactory.getLog(KeyringFile.class);

    private KeyringFile() {
    }

    static WrappedProvider load(Path file) {
        String where = "coffer.keyring.file (" + file + ")";
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigurationException(where + ": cannot read the keyring: " + e.getClass().getSimpleName()
                    + "; write one with 'coffer keygen --out " + file + "'", e);
        }
        warnIfReadableByOthers(file);
        Map<String, Object> root;
        try {
            root = JsonParserFactory.getJsonParser().parseMap(json);
        } catch (IllegalArgumentException e) { // JsonParseException included
            throw new ConfigurationException(where + ": not a JSON keyring (" + e.getClass().getSimpleName() + ")");
        }
        if (!FORMAT.equals(root.get("format"))) {
            throw new ConfigurationException(where + ": field 'format' must be '" + FORMAT + "'; write the file with "
                    + "'coffer keygen'");
        }
        WrappedProvider.Builder b = WrappedProvider.builder();
        for (Map<String, Object> k : list(root, "wrapping_keys", where)) {
            String alg = String.valueOf(k.get("alg"));
            if (!"AES-256".equals(alg)) {
                throw new ConfigurationException(where + ": wrapping key '" + k.get("id") + "' has alg '" + alg
                        + "'; only AES-256 is supported in keyring files");
            }
            byte[] key = decode(k, where);
            try {
                b.addWrappingKey(WrappingKey.aes(String.valueOf(k.get("id")), SecretBytes.copyOf(key)));
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
        for (Map<String, Object> k : list(root, "signing_keys", where)) {
            byte[] key = decode(k, where);
            try {
                b.addSigningKey(String.valueOf(k.get("id")), SecretBytes.copyOf(key));
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
        if (root.get("current_wrapping_key") instanceof String w) {
            b.currentWrappingKey(w);
        }
        if (root.get("current_signing_key") instanceof String s) {
            b.currentSigningKey(s);
        }
        try {
            return b.build();
        } catch (ConfigurationException e) {
            throw e.withContext(where + ": ");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> root, String field, String where) {
        Object v = root.get(field);
        if (!(v instanceof List<?> l) || l.isEmpty() || !l.stream().allMatch(e -> e instanceof Map)) {
            throw new ConfigurationException(where + ": field '" + field + "' must be a non-empty list of keys");
        }
        return (List<Map<String, Object>>) v;
    }

    private static byte[] decode(Map<String, Object> k, String where) {
        Object key = k.get("key");
        try {
            byte[] bytes = Base64.getDecoder().decode(String.valueOf(key));
            if (bytes.length != 32) {
                Arrays.fill(bytes, (byte) 0);
                throw new IllegalArgumentException("length");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(where + ": key '" + k.get("id") + "' is not 32 bytes in base64");
        }
    }

    private static void warnIfReadableByOthers(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("coffer.keyring.file " + file + " is readable by other users; restrict it with chmod 600");
            }
        } catch (IOException | UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to check.
        }
    }
}
