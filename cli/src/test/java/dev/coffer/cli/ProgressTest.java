package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressTest {

    private static String draw(int total, boolean terminal) {
        StringWriter w = new StringWriter();
        Progress p = Progress.auto(new PrintWriter(w), total, terminal);
        for (int i = 1; i <= total; i++) {
            p.step(i);
        }
        return w.toString();
    }

    @Test
    void terminal_manyItems_drawsABarEndingAtTotal() {
        String out = draw(1000, true);
        assertThat(out).startsWith("\r[").contains("] 500/1000").endsWith("[" + "#".repeat(30) + "] 1000/1000"
                + System.lineSeparator());
        assertThat(out.split("\r", -1).length - 1).isEqualTo(101);
    }

    @Test
    void notATerminal_orFewItems_drawsNothing() {
        assertThat(draw(1000, false)).isEmpty();
        assertThat(draw(10, true)).isEmpty();
    }

    @Test
    void forOption_noProgressDrawsNothing_progressDrawsAlways() {
        StringWriter off = new StringWriter();
        StringWriter on = new StringWriter();
        Progress never = Progress.forOption(new PrintWriter(off), 1000, false);
        Progress always = Progress.forOption(new PrintWriter(on), 5, true);
        for (int i = 1; i <= 1000; i++) {
            never.step(i);
        }
        for (int i = 1; i <= 5; i++) {
            always.step(i);
        }

        assertThat(off.toString()).isEmpty();
        assertThat(on.toString()).endsWith("] 5/5" + System.lineSeparator());
    }

    @Test
    void endLine_afterAPartialBar_endsItsLine_andOnlyOnce() {
        StringWriter w = new StringWriter();
        Progress p = Progress.auto(new PrintWriter(w), 1000, true);
        p.step(10);

        p.endLine();
        p.endLine();

        assertThat(w.toString()).endsWith("] 10/1000" + System.lineSeparator());
    }

    @Test
    void cli_errorMidRun_startsOnItsOwnLineAfterTheBar(@TempDir Path dir) {
        Session session = Session.in(dir);
        String[] stored = CliRun.stdin(Session.lines(150), session.args("encrypt", "--no-progress")).out.strip().split("\n");
        stored[119] = stored[119].replace("\"ACTIVE\"", "\"ADMIN\"");

        CliRun r = CliRun.stdin(String.join("\n", stored), session.args("decrypt", "--progress"));

        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.out).isEmpty();
        assertThat(r.err).contains("] 119/150");
        String last = r.err.substring(r.err.lastIndexOf('\r') + 1);
        assertThat(last.lines().toList()).hasSize(2);
        assertThat(last.lines().toList().get(0)).endsWith("] 119/150");
        assertThat(last.lines().toList().get(1)).startsWith("coffer: integrity check failed: item 120: ");
    }

    @Test
    void cli_progress_drawsTheBarToTheEnd_evenForFewItems(@TempDir Path dir) {
        Session session = Session.in(dir);

        CliRun r = CliRun.stdin(Session.lines(3), session.args("encrypt", "--progress"));

        assertThat(r.exitCode).isZero();
        assertThat(r.err).endsWith("[" + "#".repeat(30) + "] 3/3" + System.lineSeparator());
    }

    @Test
    void cli_noProgress_drawsNothing(@TempDir Path dir) {
        Session session = Session.in(dir);

        CliRun r = CliRun.stdin(Session.lines(150), session.args("encrypt", "--no-progress"));

        assertThat(r.exitCode).isZero();
        assertThat(r.err).isEmpty();
    }
}
