package dev.coffer.cli;

import dev.coffer.CofferException;
import dev.coffer.ConfigurationException;
import dev.coffer.IntegrityException;
import dev.coffer.InvalidItemException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code coffer} command. Exit codes: 0 success, 1 integrity or cryptographic failure (an item
 * that does not verify, keys that cannot be found), 2 usage or configuration error. Errors are one
 * line on standard error saying what to do; no stack traces.
 */
@Command(name = "coffer",
        mixinStandardHelpOptions = true,
        versionProvider = CofferCli.Version.class,
        description = "Client-side encryption for DynamoDB items: a demo and everyday tools.",
        subcommands = {DemoCommand.class, KeygenCommand.class, EncryptCommand.class, DecryptCommand.class, InspectCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
            "  coffer demo                                  # the whole story on an embedded DynamoDB (dynalite)",
            "  coffer keygen --out keyring.json",
            "  aws dynamodb get-item ... | coffer decrypt --keyring keyring.json -t sessions -p user_id -s session_id -",
            "  coffer inspect stored-item.json",
            "", "Exit codes: 0 ok, 1 integrity or crypto failure, 2 usage or configuration error."})
public final class CofferCli implements Runnable {
    static final int OK = 0;
    static final int CRYPTO_FAILURE = 1;
    static final int USAGE = 2;

    final InputStream stdin;

    @Spec
    CommandSpec spec;

    public CofferCli() {
        this(System.in);
    }

    CofferCli(InputStream stdin) {
        this.stdin = stdin;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new CofferCli()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The configured command line: error handling and exit codes as documented. */
    static CommandLine commandLine(CofferCli cli) {
        CommandLine cmd = new CommandLine(cli);
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

    static int exitCode(Throwable e) {
        if (e instanceof IntegrityException) {
            return CRYPTO_FAILURE;
        }
        if (e instanceof UsageError || e instanceof ConfigurationException || e instanceof InvalidItemException
                || e instanceof UncheckedIOException) {
            return USAGE;
        }
        if (e instanceof CofferException) {
            return CRYPTO_FAILURE;
        }
        return CRYPTO_FAILURE;
    }

    private static String oneLine(Throwable e) {
        String kind;
        if (e instanceof IntegrityException) {
            kind = "integrity check failed: ";
        } else if (e instanceof UsageError || e instanceof ConfigurationException) {
            kind = "";
        } else if (e instanceof CofferException) {
            kind = "";
        } else if (e instanceof UncheckedIOException) {
            kind = "";
        } else {
            kind = "unexpected " + e.getClass().getSimpleName() + ": ";
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return kind + m.replace('\n', ' ');
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
