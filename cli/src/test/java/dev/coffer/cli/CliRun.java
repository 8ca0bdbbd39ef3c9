package dev.coffer.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Runs the CLI in-process through its real entry point ({@link CofferCli#commandLine}, what
 * {@code main} runs) with captured streams, and optionally a working directory for relative file names.
 */
final class CliRun {
    final int exitCode;
    final String out;
    final String err;

    private CliRun(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    static CliRun in(Path workingDirectory, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = CofferCli.commandLine(new CofferCli(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), workingDirectory));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    static CliRun stdin(String stdin, String... args) {
        return in(Path.of(""), stdin, args);
    }

    static CliRun run(String... args) {
        return stdin("", args);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
