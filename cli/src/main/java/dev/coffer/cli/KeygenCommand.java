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
        description = "Write a local keyring: an AES-256 wrapping key and an HMAC signing key, with ids, file mode 600.",
        footer = {"", "Examples:",
            "  coffer keygen --out keyring.json              # new keyring",
            "  coffer keygen --out keyring.json --rotate     # add new current keys, keep the old ones for reading",
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
        Keyring.write(file, keyring, force || rotate);
        spec.commandLine().getOut().println("wrote " + out + " (mode 600): wrapping key "
                + keyring.get("current_wrapping_key").asText() + ", signing key " + keyring.get("current_signing_key").asText()
                + (rotate ? " (now current; older keys kept for reading)" : ""));
        spec.commandLine().getOut().println("Keep this file secret and backed up: items encrypted with it cannot be read without it.");
        spec.commandLine().getOut().flush();
        return CofferCli.OK;
    }
}
