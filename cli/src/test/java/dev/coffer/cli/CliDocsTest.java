package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/cli.md is the CLI's reference, and its examples run as written:
 * <ul>
 *   <li>a {@code json file=NAME} (or {@code jsonl file=NAME}) block writes the file NAME;</li>
 *   <li>a {@code console} block holds commands ({@code $ coffer ...}, with {@code < FILE}, {@code > FILE}
 *       and {@code |} between coffer commands; also {@code chmod MODE FILE} and {@code cat FILE}),
 *       each followed by the output it prints (standard output, then standard error), where
 *       {@code ...} inside a line matches any text and a line of just {@code ...} any lines, and an
 *       optional last line {@code (exit code N)}; without it the command must exit 0;</li>
 *   <li>every {@code coffer} command line of a {@code sh} block (examples that need AWS or a table)
 *       must at least parse: its command and options exist.</li>
 * </ul>
 * All blocks run in order, in one directory, through the CLI's real entry point.
 */
class CliDocsTest {
    private static final Path DOC = Path.of("../docs/cli.md");
    private static final Pattern FENCE = Pattern.compile("(?m)^```([^\\n]*)\\n(.*?)^```\\s*$", Pattern.DOTALL);
    private static final Pattern EXIT = Pattern.compile("\\(exit code (\\d+)\\)");

    @TempDir
    Path dir;

    private record Block(String info, String body) {
    }

    private static List<Block> blocks() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        List<Block> out = new ArrayList<>();
        Matcher m = FENCE.matcher(doc);
        while (m.find()) {
            out.add(new Block(m.group(1).strip(), m.group(2)));
        }
        return out;
    }

    @Test
    void examples_runAsWritten() throws IOException {
        int commands = 0;
        for (Block b : blocks()) {
            String[] info = b.info().split("\\s+");
            if (info.length > 1 && info[1].startsWith("file=")) {
                Files.writeString(dir.resolve(info[1].substring("file=".length())), b.body());
            } else if (info[0].equals("console")) {
                commands += runConsole(b.body());
            }
        }
        assertThat(commands).as("commands run from docs/cli.md").isGreaterThanOrEqualTo(15);
    }

    @Test
    void shellExamples_parse() throws IOException {
        int checked = 0;
        for (Block b : blocks()) {
            if (!b.info().equals("sh")) {
                continue;
            }
            for (String line : joinContinuations(b.body())) {
                for (String part : splitUnquoted(line.replaceAll("\\s+#.*$", ""), '|')) {
                    List<String> words = words(part.strip());
                    if (words.isEmpty() || !(words.get(0).equals("coffer") || words.get(0).equals("./coffer"))) {
                        continue;
                    }
                    List<String> args = new ArrayList<>(words.subList(1, words.size()));
                    stripRedirects(args);
                    try {
                        CofferCli.commandLine(new CofferCli()).parseArgs(args.toArray(new String[0]));
                    } catch (CommandLine.ParameterException e) {
                        fail("docs/cli.md: '" + part.strip() + "' does not parse: " + e.getMessage());
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).as("coffer command lines in sh blocks").isGreaterThanOrEqualTo(5);
    }

    @Test
    void everyCommandOptionConfigFieldExitCodeAndKeyringField_isDocumented() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        CommandLine root = CofferCli.commandLine(new CofferCli());
        for (Map.Entry<String, CommandLine> sub : root.getSubcommands().entrySet()) {
            assertThat(doc).as("command " + sub.getKey()).contains("coffer " + sub.getKey());
            CommandSpec spec = sub.getValue().getCommandSpec();
            for (OptionSpec o : spec.options()) {
                String name = o.longestName();
                assertThat(doc).as("option " + name + " of coffer " + sub.getKey()).contains("`" + name);
                if (o.negatable()) {
                    assertThat(doc).as("option " + name + " of coffer " + sub.getKey()).contains("`--no-" + name.substring(2));
                }
            }
        }
        for (String field : TableOptions.FIELDS.keySet()) {
            assertThat(doc).as("config field " + field).contains("`" + field + "`");
        }
        for (String field : LegacyOptions.FIELDS.keySet()) {
            assertThat(doc).as("legacy config field " + field).contains("`" + field + "`");
        }
        for (String field : List.of("symmetric_static", "wrapped", "meta_store", "encryption_key", "mac_key", "mac_algorithm",
                "signature_public_key", "wrapping_key", "unwrapping_private_key")) {
            assertThat(doc).as("legacy keys file field " + field).contains("`" + field + "`");
        }
        for (String field : List.of("format", "current_wrapping_key", "current_signing_key", "wrapping_keys",
                "signing_keys", "id", "alg", "key", "signature_key_pairs", "current_signature_key_pair", "public_key",
                "private_key")) {
            assertThat(doc).as("keyring field " + field).contains("`" + field + "`");
        }
        assertThat(doc).contains("| 0 |", "| 1 |", "| 2 |");
    }

    // ---------------------------------------------------------------------------------------------
    // A very small shell
    // ---------------------------------------------------------------------------------------------

    private int runConsole(String body) throws IOException {
        List<String> lines = joinContinuations(body);
        int n = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith("$ ")) {
                fail("docs/cli.md: console block line outside a command's output: " + line);
            }
            List<String> expected = new ArrayList<>();
            while (i + 1 < lines.size() && !lines.get(i + 1).startsWith("$ ")) {
                expected.add(lines.get(++i));
            }
            int exit = 0;
            if (!expected.isEmpty()) {
                Matcher m = EXIT.matcher(expected.get(expected.size() - 1));
                if (m.matches()) {
                    exit = Integer.parseInt(m.group(1));
                    expected.remove(expected.size() - 1);
                }
            }
            String command = line.substring(2);
            Result r = run(command);
            assertThat(r.exit).as("exit code of: " + command + "\n" + r.output).isEqualTo(exit);
            assertMatches(command, expected, r.output.lines().toList());
            n++;
        }
        return n;
    }

    private record Result(int exit, String output) {
    }

    private Result run(String command) throws IOException {
        List<String> stages = splitUnquoted(command, '|');
        String stdin = "";
        StringBuilder shown = new StringBuilder();
        int exit = 0;
        for (int s = 0; s < stages.size(); s++) {
            List<String> words = words(stages.get(s).strip());
            String in = null;
            String out = null;
            List<String> args = new ArrayList<>();
            for (int w = 0; w < words.size(); w++) {
                if (words.get(w).equals("<")) {
                    in = words.get(++w);
                } else if (words.get(w).equals(">")) {
                    out = words.get(++w);
                } else {
                    args.add(words.get(w));
                }
            }
            if (in != null) {
                stdin = Files.readString(dir.resolve(in));
            }
            String stdout;
            String stderr = "";
            switch (args.get(0)) {
                case "coffer": {
                    CliRun r = CliRun.in(dir, stdin, args.subList(1, args.size()).toArray(new String[0]));
                    exit = r.exitCode;
                    stdout = r.out;
                    stderr = r.err;
                    break;
                }
                case "chmod":
                    Files.setPosixFilePermissions(dir.resolve(args.get(2)), PosixFilePermissions.fromString(mode(args.get(1))));
                    stdout = "";
                    exit = 0;
                    break;
                case "cat":
                    stdout = Files.readString(dir.resolve(args.get(1)));
                    exit = 0;
                    break;
                default:
                    throw new AssertionError("docs/cli.md: the examples' shell runs coffer, chmod and cat only: " + command);
            }
            if (out != null) {
                Files.writeString(dir.resolve(out), stdout);
                stdout = "";
            }
            if (s < stages.size() - 1) {
                stdin = stdout;
                shown.append(stderr);
            } else {
                shown.append(stdout).append(stderr);
            }
        }
        return new Result(exit, shown.toString().replace(dir.toString() + "/", ""));
    }

    private static String mode(String octal) {
        StringBuilder b = new StringBuilder();
        for (char c : octal.toCharArray()) {
            int d = c - '0';
            b.append((d & 4) != 0 ? 'r' : '-').append((d & 2) != 0 ? 'w' : '-').append((d & 1) != 0 ? 'x' : '-');
        }
        return b.toString();
    }

    private static void assertMatches(String command, List<String> expected, List<String> actual) {
        if (!matches(expected, 0, actual, 0)) {
            fail("docs/cli.md: the output of\n  $ " + command + "\nis\n" + String.join("\n", actual)
                    + "\nbut the document shows\n" + String.join("\n", expected));
        }
    }

    private static boolean matches(List<String> expected, int e, List<String> actual, int a) {
        if (e == expected.size()) {
            return a == actual.size();
        }
        if (expected.get(e).equals("...")) {
            for (int skip = a; skip <= actual.size(); skip++) {
                if (matches(expected, e + 1, actual, skip)) {
                    return true;
                }
            }
            return false;
        }
        return a < actual.size() && lineMatches(expected.get(e), actual.get(a)) && matches(expected, e + 1, actual, a + 1);
    }

    private static boolean lineMatches(String expected, String actual) {
        StringBuilder regex = new StringBuilder();
        String[] parts = expected.split("\\.\\.\\.", -1);
        for (int i = 0; i < parts.length; i++) {
            regex.append(Pattern.quote(parts[i]));
            if (i < parts.length - 1) {
                regex.append(".*");
            }
        }
        return actual.stripTrailing().matches(regex.toString()) || actual.stripTrailing().equals(expected.stripTrailing());
    }

    private static List<String> joinContinuations(String body) {
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        for (String line : body.split("\n", -1)) {
            if (current != null) {
                current.append(' ').append(line.strip());
            } else {
                current = new StringBuilder(line);
            }
            if (current.toString().endsWith("\\")) {
                current.setLength(current.length() - 1);
                continue;
            }
            out.add(current.toString());
            current = null;
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isBlank()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    private static void stripRedirects(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("<") || args.get(i).equals(">")) {
                args.remove(i);
                if (i < args.size()) {
                    args.remove(i);
                }
                i--;
            }
        }
    }

    /** {@code line} split at {@code separator}s outside quotes. */
    private static List<String> splitUnquoted(String line, char separator) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                cur.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                cur.append(c);
            } else if (c == separator) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** Shell words: split at spaces outside quotes, quotes removed. */
    private static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }
}
