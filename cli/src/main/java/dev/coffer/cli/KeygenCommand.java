package dev.coffer.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
        ObjectNode keyring;
        if (rotate) {
            keyring = Keyring.read(file);
            Keyring.addKeys(keyring);
        } else {
            keyring = Keyring.generate();
        }
        if (signatureKeyPair) {
            Keyring.addSignatureKeyPair(keyring);
        }
        Keyring.write(file, keyring, force || rotate);
        spec.commandLine().getOut().println("wrote " + out + " (mode 600): wrapping key "
                + keyring.get("current_wrapping_key").asText() + ", signing key " + keyring.get("current_signing_key").asText()
                + (rotate ? " (now current; older keys kept for reading)" : ""));
        String publicKey = Keyring.currentPublicKey(keyring);
        if (publicKey != null) {
            spec.commandLine().getOut().println("ECDSA key pair " + keyring.get("current_signature_key_pair").asText()
                    + ", public key " + publicKey);
        }
        if (readerCopy != null) {
            Keyring.write(parent.resolve(readerCopy), Keyring.readerCopy(keyring), force || rotate);
            spec.commandLine().getOut().println("wrote " + readerCopy + " (mode 600): the same keys without ECDSA private "
                    + "keys, for readers");
        }
        spec.commandLine().getOut().println("Keep this file secret and backed up: items encrypted with it cannot be read without it.");
        spec.commandLine().getOut().flush();
        return CofferCli.OK;
    }
}
