package dev.coffer.cli;

import dev.coffer.keyring.Keyring;
import dev.coffer.keyring.KeyringFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Write a local keyring: an AES-256 wrapping key and an HMAC signing key, with ids, file mode 600; "
                + "optionally an ECDSA P-256 key pair for tables on the ECDSA suite, and a reader's copy without its "
                + "private key.",
        footer = {"", "Examples:",
            "  coffer keygen --out keyring.json              # new keyring",
            "  coffer keygen --out keyring.json --rotate     # add new current keys, keep the old ones for reading",
            "  coffer keygen --out keyring.json --signature-key-pair --reader-copy reader.json",
            "                                                # writers sign with ECDSA; readers get reader.json",
            "",
            "The keyring is JSON holding secret keys, written with mode 600. Commands refuse a keyring other users may",
            "read or change (run 'chmod 600 FILE', or pass --allow-insecure-keyring). Format: docs/cli.md."})
final class KeygenCommand implements Callable<Integer> {
    @ParentCommand
    CofferCli parent;

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Keyring file to write.")
    Path out;

    @Option(names = "--force", description = "Replace an existing keyring (its keys are lost).")
    boolean force;

    @Option(names = "--rotate", description = "Add fresh keys to an existing keyring and make them current.")
    boolean rotate;

    @Option(names = "--signature-key-pair",
            description = "Also add an ECDSA P-256 key pair and make it current, for tables on --suite ecdsa: writers "
                    + "sign with its private key, readers verify with its public key.")
    boolean signatureKeyPair;

    @Option(names = "--reader-copy", paramLabel = "FILE",
            description = "Also write a reader's keyring to FILE: the same keys without the ECDSA private keys, so its "
                    + "holder can decrypt but cannot sign items of the ECDSA suite.")
    Path readerCopy;

    @Override
    public Integer call() {
        if (force && rotate) {
            throw new UsageError("--force and --rotate contradict each other: --rotate keeps the old keys, --force drops them");
        }
        Path file = parent.resolve(out);
        Path copy = readerCopy == null ? null : parent.resolve(readerCopy);
        boolean replace = force || rotate;
        // Everything that can refuse is checked before the first write: no half-done keygen.
        if (copy != null && copy.toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize())) {
            throw new UsageError("--reader-copy names the same file as --out; give the readers' keyring its own file");
        }
        for (Path p : copy == null ? java.util.List.of(file) : java.util.List.of(file, copy)) {
            if (!replace && Files.exists(p)) {
                throw new UsageError("keyring file '" + p + "' already exists; pass --force to replace it (its keys are "
                        + "then lost: items encrypted with them can no longer be read), or --rotate to add keys to it");
            }
        }
        Keyring keyring = rotate ? KeyringFile.read(file).withNewKeys() : Keyring.generate();
        if (signatureKeyPair) {
            keyring = keyring.withNewSignatureKeyPair();
        }
        KeyringFile.write(file, keyring, replace);
        spec.commandLine().getOut().println("wrote " + out + " (mode 600): wrapping key "
                + keyring.currentWrappingKey().orElseThrow() + ", signing key " + keyring.currentSigningKey().orElseThrow()
                + (rotate ? " (now current; older keys kept for reading)" : ""));
        if (keyring.currentPublicKey().isPresent()) {
            spec.commandLine().getOut().println("ECDSA key pair " + keyring.currentSignatureKeyPair().orElseThrow()
                    + ", public key " + keyring.currentPublicKey().get());
        }
        if (copy != null) {
            KeyringFile.write(copy, keyring.readerCopy(), replace);
            spec.commandLine().getOut().println("wrote " + readerCopy + " (mode 600): the same keys without ECDSA private "
                    + "keys, for readers");
        }
        spec.commandLine().getOut().println("Keep this file secret and backed up: items encrypted with it cannot be read without it.");
        spec.commandLine().getOut().flush();
        return CofferCli.OK;
    }
}
