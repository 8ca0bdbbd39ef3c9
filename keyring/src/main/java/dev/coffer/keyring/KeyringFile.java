package dev.coffer.keyring;

import dev.coffer.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Keyring files on disk. A keyring holds keys, so {@link #write} creates the file readable and
 * writable by its owner only (mode 600, through a temporary file created with that mode and moved
 * into place, so the keys are never readable by others, even briefly), and {@link #read} refuses a
 * file that other users may read (they could decrypt and forge every item) or change (they could
 * swap in keys of their own), unless the caller explicitly accepts it, in which case it warns.
 * Permissions are checked on POSIX file systems; elsewhere nothing is checked.
 *
 * <pre>{@code
 * KeyringFile.write(Path.of("keyring.json"), Keyring.generate(), false);
 * Keyring keyring = KeyringFile.read(Path.of("keyring.json"));
 * }</pre>
 *
 * <p>Thread-safety: stateless and thread-safe (concurrent writers of one file: the last move wins).
 */
public final class KeyringFile {
    private KeyringFile() {
    }

    /**
     * Reads and parses the keyring at {@code file}, refusing one other users may read or change.
     *
     * @throws ConfigurationException if the file is missing, unreadable, shared or not a keyring
     */
    public static Keyring read(Path file) {
        return read(file, null, null);
    }

    /**
     * Reads the keyring at {@code file}. A file other users may read or change is refused, unless
     * {@code allowShared} is given: then it is used and {@code allowShared} receives the warning.
     *
     * @param howToAllow how the caller's user accepts a shared file, as a phrase for the refusal
     *     (such as {@code "pass --allow-insecure-keyring"}); {@code null} for no such setting
     * @param allowShared where the warning goes when a shared file is accepted; {@code null} refuses it
     * @throws ConfigurationException if the file is missing, unreadable, refused or not a keyring
     */
    public static Keyring read(Path file, String howToAllow, Consumer<String> allowShared) {
        if (file == null) {
            throw new ConfigurationException("keyring: no file given");
        }
        String where = "keyring '" + file + "'";
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("keyring file '" + file + "' does not exist; create one with 'coffer keygen "
                    + "--out " + file + "'");
        } catch (IOException e) {
            throw new ConfigurationException("cannot read " + where + ": " + e.getClass().getSimpleName());
        }
        Keyring keyring = Keyring.parse(text, where); // a file that is no keyring is told so first
        checkPermissions(file, "keyring", howToAllow, allowShared);
        return keyring;
    }

    /**
     * Refuses {@code file} (a keyring, or any other file of secrets, named {@code what} in messages)
     * if other users may read or change it, unless {@code allowShared} accepts it with a warning.
     *
     * @throws ConfigurationException saying who may do what, the risk, and the chmod to run
     */
    public static void checkPermissions(Path file, String what, String howToAllow, Consumer<String> allowShared) {
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
        if (allowShared == null) {
            throw new ConfigurationException(what + " '" + file + "' can be " + who + " by other users (mode " + mode + "): "
                    + risk + ". Run: chmod 600 " + file + (howToAllow == null ? "" : " (or " + howToAllow + " to use it "
                    + "anyway)"));
        }
        allowShared.accept(what + " '" + file + "' can be " + who + " by other users (mode " + mode + "); used anyway, as allowed. "
                + "Run: chmod 600 " + file);
    }

    /**
     * Writes {@code keyring} to {@code file} with mode 600 (on POSIX file systems), creating its
     * folder if needed; an existing file is replaced only if {@code replace}.
     *
     * @throws ConfigurationException if the file exists and {@code replace} is false
     * @throws UncheckedIOException if it cannot be written
     */
    public static void write(Path file, Keyring keyring, boolean replace) {
        if (file == null || keyring == null) {
            throw new ConfigurationException("keyring: write(file, keyring, replace) needs a file and a keyring");
        }
        if (!replace && Files.exists(file)) {
            throw new ConfigurationException("keyring file '" + file + "' already exists; replace it only on purpose (its "
                    + "keys are then lost: items encrypted with them can no longer be read), or rotate: add keys to it "
                    + "with Keyring.withNewKeys()");
        }
        byte[] bytes = keyring.toJson().getBytes(StandardCharsets.UTF_8);
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".coffer-keyring", ".tmp", ownerOnly());
            try {
                Files.write(tmp, bytes);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write keyring '" + file + "': " + e.getClass().getSimpleName(), e);
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Mode 600 where the file system has POSIX permissions; nothing elsewhere. */
    static FileAttribute<?>[] ownerOnly() {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
        }
        return new FileAttribute<?>[0];
    }
}
