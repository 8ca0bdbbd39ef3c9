package dev.coffer.cli;

import dev.coffer.materials.MaterialsProvider;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where keys come from. */
final class KeyOptions {
    @Option(names = {"-k", "--keyring"}, paramLabel = "FILE", description = "Local keyring file (from 'coffer keygen').")
    Path keyring;

    MaterialsProvider provider(PrintWriter err) {
        if (keyring == null) {
            throw new UsageError("no keys given: pass --keyring FILE (create one with 'coffer keygen --out FILE')");
        }
        return Keyring.load(keyring, err);
    }
}
