package dev.coffer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.SignatureKeyPair;
import dev.coffer.materials.WrappedProvider;
import dev.coffer.materials.WrappingKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * A local keyring file: AES-256 wrapping keys and HMAC signing keys by id, with the current ones
 * named. It becomes a {@link WrappedProvider}. The file holds secrets: it is written with
 * permissions 600, and one that other users may read or change (any group or other read or write
 * bit) is refused unless {@code --allow-insecure-keyring} accepts it. The format is documented in
 * docs/cli.md.
 *
 * <pre>
 * {"format":"coffer-keyring-1","current_wrapping_key":"wk-...","current_signing_key":"sk-...",
 *  "wrapping_keys":[{"id":"wk-...","alg":"AES-256","key":"base64"}],
 *  "signing_keys":[{"id":"sk-...","key":"base64"}],
 *  "current_signature_key_pair":"ec-...",
 *  "signature_key_pairs":[{"id":"ec-...","public_key":"base64 (33-byte compressed P-256 point)",
 *                          "private_key":"base64 (PKCS#8)"}]}
 * </pre>
 *
 * <p>The signature key pairs (ECDSA P-256, for the {@code --suite ecdsa} tables) are optional. A
 * reader's keyring ({@code keygen --reader-copy}) holds their public keys only: whoever holds it can
 * decrypt but cannot sign items of that suite.
 */
final class Keyring {
    static final String FORMAT = "coffer-keyring-1";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Keyring() {
    }

    /** A new keyring with one wrapping key and one signing key, as JSON. */
    static ObjectNode generate() {
        ObjectNode root = ItemDocument.MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.putArray("wrapping_keys");
        root.putArray("signing_keys");
        addKeys(root);
        return root;
    }

    /** Adds a fresh ECDSA P-256 key pair to {@code root} and makes it current; returns its id. */
    static String addSignatureKeyPair(ObjectNode root) {
        String id = "ec-" + LocalDate.now(ZoneOffset.UTC).toString().replace("-", "") + "-" + randomHex(3);
        KeyPair pair;
        try {
            java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
            g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"), RANDOM);
            pair = g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate EC P-256 keys", e);
        }
        if (!root.has("signature_key_pairs")) {
            root.putArray("signature_key_pairs");
        }
        ObjectNode e = ((ArrayNode) root.get("signature_key_pairs")).addObject();
        e.put("id", id);
        e.put("public_key", SignatureKeyPair.encodePublicKey(pair.getPublic()));
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        try {
            e.put("private_key", Base64.getEncoder().encodeToString(pkcs8));
        } finally {
            java.util.Arrays.fill(pkcs8, (byte) 0);
        }
        root.put("current_signature_key_pair", id);
        return id;
    }

    /** A copy of {@code root} for readers: signature key pairs without their private keys. */
    static ObjectNode readerCopy(ObjectNode root) {
        ObjectNode copy = root.deepCopy();
        copy.remove("current_signature_key_pair");
        for (JsonNode e : copy.path("signature_key_pairs")) {
            ((ObjectNode) e).remove("private_key");
        }
        return copy;
    }

    /** The public key of the current signature key pair, or null. */
    static String currentPublicKey(ObjectNode root) {
        String id = root.path("current_signature_key_pair").asText(null);
        for (JsonNode e : root.path("signature_key_pairs")) {
            if (e.path("id").asText().equals(id)) {
                return e.path("public_key").asText();
            }
        }
        return null;
    }

    /** Adds a fresh wrapping and signing key to {@code root} and makes them current. */
    static void addKeys(ObjectNode root) {
        String suffix = LocalDate.now(ZoneOffset.UTC).toString().replace("-", "") + "-" + randomHex(3);
        String wk = "wk-" + suffix;
        String sk = "sk-" + suffix;
        ObjectNode w = ((ArrayNode) root.get("wrapping_keys")).addObject();
        w.put("id", wk);
        w.put("alg", "AES-256");
        w.put("key", randomBase64(32));
        ObjectNode s = ((ArrayNode) root.get("signing_keys")).addObject();
        s.put("id", sk);
        s.put("key", randomBase64(32));
        root.put("current_wrapping_key", wk);
        root.put("current_signing_key", sk);
    }

    /** Writes {@code json} to {@code file} with permissions 600, replacing it only if {@code replace}. */
    static void write(Path file, ObjectNode json, boolean replace) {
        try {
            if (!replace && Files.exists(file)) {
                throw new FileAlreadyExistsException(file.toString());
            }
            byte[] bytes = ItemDocument.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".coffer-keyring", ".tmp", posixOwnerOnly());
            try {
                Files.write(tmp, bytes);
                // The temporary file was created 600, so the keys are never readable by others, even briefly.
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (FileAlreadyExistsException e) {
            throw new UsageError("keyring file '" + file + "' already exists; pass --force to replace it (its keys are "
                    + "then lost: items encrypted with them can no longer be read), or --rotate to add keys to it");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write keyring '" + file + "': " + e.getMessage(), e);
        }
    }

    static java.nio.file.attribute.FileAttribute<?>[] posixOwnerOnly() {
        try {
            if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                return new java.nio.file.attribute.FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
            }
        } catch (UnsupportedOperationException e) {
            // Not POSIX: fall through.
        }
        return new java.nio.file.attribute.FileAttribute<?>[0];
    }

    static ObjectNode read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UsageError("keyring file '" + file + "' does not exist; create one with 'coffer keygen --out " + file + "'");
        } catch (IOException e) {
            throw new UsageError("cannot read keyring '" + file + "': " + e.getClass().getSimpleName());
        }
        // Parsed without quoting the text in errors: a keyring holds keys.
        JsonNode root = ItemDocument.parseJson(text, "keyring '" + file + "'");
        if (!root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            throw new UsageError("'" + file + "' is not a Coffer keyring (expected \"format\": \"" + FORMAT
                    + "\"); create one with 'coffer keygen'");
        }
        return (ObjectNode) root;
    }

    /** Loads a keyring file as a wrapped provider, refusing one that other users may read or change. */
    static WrappedProvider load(Path file, java.io.PrintWriter warn) {
        return load(file, warn, false);
    }

    /**
     * Loads a keyring file as a wrapped provider. One that other users may read or change is refused
     * ({@link UsageError}, exit 2) unless {@code allowInsecure}, in which case a warning is printed.
     */
    static WrappedProvider load(Path file, java.io.PrintWriter warn, boolean allowInsecure) {
        ObjectNode root = read(file);
        checkPermissions(file, warn, allowInsecure, "keyring");
        WrappedProvider.Builder b = WrappedProvider.builder();
        for (JsonNode w : root.path("wrapping_keys")) {
            byte[] key = decode(w, file);
            try {
                b.addWrappingKey(WrappingKey.aes(w.path("id").asText(), SecretBytes.copyOf(key)));
            } finally {
                java.util.Arrays.fill(key, (byte) 0);
            }
        }
        for (JsonNode s : root.path("signing_keys")) {
            byte[] key = decode(s, file);
            try {
                b.addSigningKey(s.path("id").asText(), SecretBytes.copyOf(key));
            } finally {
                java.util.Arrays.fill(key, (byte) 0);
            }
        }
        if (root.hasNonNull("current_wrapping_key")) {
            b.currentWrappingKey(root.get("current_wrapping_key").asText());
        }
        if (root.hasNonNull("current_signing_key")) {
            b.currentSigningKey(root.get("current_signing_key").asText());
        }
        String current = root.path("current_signature_key_pair").asText(null);
        SignatureKeyPair currentPair = null;
        for (JsonNode e : root.path("signature_key_pairs")) {
            String id = e.path("id").asText();
            ECPublicKey pub;
            try {
                pub = SignatureKeyPair.decodePublicKey(e.path("public_key").asText());
            } catch (IllegalArgumentException bad) {
                throw new UsageError("keyring '" + file + "': signature key pair '" + id + "': public_key: "
                        + bad.getMessage());
            }
            if (id.equals(current)) {
                if (!e.hasNonNull("private_key")) {
                    throw new UsageError("keyring '" + file + "': the current signature key pair '" + id + "' has no "
                            + "private_key; a reader keyring names no current_signature_key_pair");
                }
                currentPair = pair(pub, e, file);
            } else {
                b.addVerificationKey(id, pub);
            }
        }
        if (current != null) {
            if (currentPair == null) {
                throw new UsageError("keyring '" + file + "': current_signature_key_pair '" + current + "' is not among "
                        + "signature_key_pairs");
            }
            b.addSignatureKeyPair(current, currentPair);
        }
        return b.build();
    }

    private static SignatureKeyPair pair(ECPublicKey pub, JsonNode e, Path file) {
        byte[] pkcs8;
        try {
            pkcs8 = Base64.getDecoder().decode(e.path("private_key").asText());
        } catch (IllegalArgumentException bad) {
            throw new UsageError("keyring '" + file + "': signature key pair '" + e.path("id").asText()
                    + "': private_key is not valid base64");
        }
        try {
            return SignatureKeyPair.of(new KeyPair(pub, KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(pkcs8))));
        } catch (GeneralSecurityException | dev.coffer.ConfigurationException bad) {
            throw new UsageError("keyring '" + file + "': signature key pair '" + e.path("id").asText()
                    + "': private_key is not an EC P-256 PKCS#8 key matching public_key");
        } finally {
            java.util.Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private static byte[] decode(JsonNode key, Path file) {
        try {
            return Base64.getDecoder().decode(key.path("key").asText());
        } catch (IllegalArgumentException e) {
            throw new UsageError("keyring '" + file + "': key '" + key.path("id").asText() + "' is not valid base64");
        }
    }

    /** Group or other read bits let others steal the keys; write bits let them swap in their own. */
    static void checkPermissions(Path file, java.io.PrintWriter warn, boolean allowInsecure, String what) {
        Set<PosixFilePermission> p;
        try {
            p = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException | IOException e) {
            return; // no POSIX permissions to check on this file system
        }
        boolean readable = p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
        boolean writable = p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE);
        if (!readable && !writable) {
            return;
        }
        String who = readable && writable ? "read and changed" : readable ? "read" : "changed";
        String risk = (readable ? "whoever reads it can decrypt and forge every item it protects" : "")
                + (readable && writable ? ", and " : "")
                + (writable ? "whoever changes it can swap in keys of their own" : "");
        String mode = PosixFilePermissions.toString(p);
        if (!allowInsecure) {
            throw new UsageError(what + " '" + file + "' can be " + who + " by other users (mode " + mode + "): " + risk
                    + ". Run: chmod 600 " + file + " (or pass --allow-insecure-keyring to use it anyway)");
        }
        warn.println("coffer: warning: " + what + " '" + file + "' can be " + who + " by other users (mode " + mode
                + "); used because of --allow-insecure-keyring. Run: chmod 600 " + file);
        warn.flush();
    }

    private static String randomBase64(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        try {
            return Base64.getEncoder().encodeToString(b);
        } finally {
            java.util.Arrays.fill(b, (byte) 0);
        }
    }

    private static String randomHex(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
