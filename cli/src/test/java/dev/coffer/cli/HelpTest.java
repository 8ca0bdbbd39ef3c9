package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Help that can be copied from, -V on every command, and usage lines that say what is optional. */
class HelpTest {
    private static CommandLine command(String name) {
        CommandLine root = CofferCli.commandLine(new CofferCli());
        return name.isEmpty() ? root : root.getSubcommands().get(name);
    }

    private static String[] args(String command, String option) {
        return command.isEmpty() ? new String[] {option} : new String[] {command, option};
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "demo", "keygen", "encrypt", "decrypt", "inspect"})
    void help_printsEveryExampleLineWhole_evenPastEightyColumns(String command) {
        CliRun r = CliRun.run(args(command, "--help"));

        assertThat(r.exitCode).as(r.toString()).isZero();
        List<String> printed = r.out.lines().toList();
        for (String line : command(command).getCommandSpec().usageMessage().footer()) {
            if (!line.isEmpty()) {
                assertThat(printed).as("footer line printed whole: " + line).contains(line);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "demo", "keygen", "encrypt", "decrypt", "inspect"})
    void versionOption_worksOnEveryCommandThatListsIt(String command) {
        CliRun r = CliRun.run(args(command, "-V"));

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.out).startsWith("coffer ");
        assertThat(CliRun.run(args(command, "--help")).out).contains("-V, --version");
    }

    @ParameterizedTest
    @ValueSource(strings = {"encrypt", "decrypt", "inspect"})
    void usageLine_showsFileAsOptional(String command) {
        List<String> help = CliRun.run(command, "--help").out.lines().toList();
        StringBuilder synopsis = new StringBuilder(help.get(0));
        for (int i = 1; i < help.size() && help.get(i).startsWith(" "); i++) {
            synopsis.append(' ').append(help.get(i).strip());
        }

        assertThat(synopsis.toString()).startsWith("Usage: coffer " + command).endsWith(" [FILE]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"encrypt", "decrypt"})
    void help_listsEveryConfigFileField_andTheNewOptions(String command) {
        String help = CliRun.run(command, "--help").out.replaceAll("\\s+", " ");

        assertThat(help).contains(TableOptions.FIELDS.keySet());
        assertThat(help).contains("--output-shape", "--[no-]progress", "--allow-insecure-keyring");
    }
}
