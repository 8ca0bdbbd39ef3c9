package dev.coffer.cli;

import dev.coffer.CofferException;
import dev.coffer.ConfigurationException;
import dev.coffer.IntegrityException;
import dev.coffer.InvalidItemException;
import dev.coffer.kms.KmsMaterialsException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code coffer} command. Exit codes: 0 success; 1 an item failed verification or its keys could
 * not be obtained (keys not in the keyring, KMS refused); 2 usage, configuration or input error
 * (including input that is not a Coffer item for {@code inspect}, and missing AWS credentials).
 * Errors are one line on standard error, in terms of the CLI's flags and config fields, saying what
 * to do; no stack traces. Documented in docs/cli.md.
 */
@Command(name = "coffer",
        mixinStandardHelpOptions = true,
        versionProvider = CofferCli.Version.class,
        description = "Client-side encryption for DynamoDB items: a demo and everyday tools.",
        subcommands = {DemoCommand.class, KeygenCommand.class, EncryptCommand.class, DecryptCommand.class, InspectCommand.class,
            ReencryptCommand.class, BeaconLengthCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
            "  coffer demo                                  # the whole story on an embedded DynamoDB (dynalite)",
            "  coffer keygen --out keyring.json",
            "  aws dynamodb get-item --table-name sessions --key file://key.json | coffer decrypt --keyring keyring.json -t sessions -p user_id -s session_id",
            "  coffer inspect stored-item.json",
            "  coffer reencrypt --keyring keyring.json --config sessions.json --checkpoint sessions.ckpt",
            "", "Exit codes: 0 ok; 1 an item failed verification or its keys could not be obtained;",
            "            2 usage, configuration or input error (including a non-Coffer item for inspect).",
            "Full reference: docs/cli.md."})
public final class CofferCli implements Runnable {
    static final int OK = 0;
    static final int CRYPTO_FAILURE = 1;
    static final int USAGE = 2;

    final InputStream stdin;
    /** Relative file names are resolved against this; the process's working directory in production. */
    final Path workingDirectory;

    @Spec
    CommandSpec spec;

    public CofferCli() {
        this(System.in, Path.of(""));
    }

    CofferCli(InputStream stdin) {
        this(stdin, Path.of(""));
    }

    CofferCli(InputStream stdin, Path workingDirectory) {
        this.stdin = stdin;
        this.workingDirectory = workingDirectory;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new CofferCli()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code file} as given on the command line, relative to the working directory. */
    Path resolve(Path file) {
        return file == null ? null : workingDirectory.resolve(file);
    }

    /** The configured command line: error handling, exit codes and help as documented. */
    static CommandLine commandLine(CofferCli cli) {
        CommandLine cmd = new CommandLine(cli);
        configureHelp(cmd);
        cmd.setExecutionExceptionHandler((e, line, parsed) -> {
            PrintWriter err = line.getErr();
            err.println("coffer: " + oneLine(e));
            err.flush();
            return exitCode(e);
        });
        cmd.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("coffer: " + e.getMessage() + ". Run 'coffer " + commandPath(e.getCommandLine())
                    + " --help' for usage and an example.");
            err.flush();
            return USAGE;
        });
        return cmd;
    }

    /**
     * Every command answers {@code -V}, and footers (the examples) are printed as written: picocli
     * would wrap them at the usage width, breaking commands and JSON in the middle so they cannot be
     * copied.
     */
    private static void configureHelp(CommandLine cmd) {
        cmd.getCommandSpec().versionProvider(new Version());
        cmd.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, help -> {
            StringBuilder b = new StringBuilder();
            for (String line : help.commandSpec().usageMessage().footer()) {
                b.append(line).append(System.lineSeparator());
            }
            return b.toString();
        });
        for (CommandLine sub : cmd.getSubcommands().values()) {
            configureHelp(sub);
        }
    }

    static int exitCode(Throwable e) {
        if (e instanceof KmsMaterialsException k && k.reason() == KmsMaterialsException.Reason.CREDENTIALS) {
            return USAGE;
        }
        if (e instanceof UsageError || e instanceof ConfigurationException || e instanceof InvalidItemException
                || e instanceof UncheckedIOException) {
            return USAGE;
        }
        return CRYPTO_FAILURE;
    }

    private static String oneLine(Throwable e) {
        String kind;
        if (e instanceof IntegrityException) {
            kind = "integrity check failed: ";
        } else if (e instanceof UsageError || e instanceof CofferException || e instanceof UncheckedIOException) {
            kind = "";
        } else {
            kind = "unexpected " + e.getClass().getSimpleName() + ": ";
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return kind + CliMessages.translate(m).replace('\r', ' ').replace('\n', ' ');
    }

    private static String commandPath(CommandLine line) {
        String name = line.getCommandSpec().qualifiedName(" ");
        return name.startsWith("coffer ") ? name.substring("coffer ".length()) : "";
    }

    /** Version from the jar manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = CofferCli.class.getPackage().getImplementationVersion();
            return new String[] {"coffer " + (v == null ? "(development build)" : v)};
        }
    }
}
