package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private static String draw(int total, boolean terminal) {
        StringWriter w = new StringWriter();
        Progress p = new Progress(new PrintWriter(w), total, terminal);
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
}
