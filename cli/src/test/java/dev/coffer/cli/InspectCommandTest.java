package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** inspect verifies nothing: an item without a Coffer header is "not a Coffer item" (exit 2), not an integrity failure. */
class InspectCommandTest extends KeyringTest {
    @Test
    void plaintextItem_isNotACofferItem_exit2() {
        CliRun r = CliRun.stdin(Session.ITEM, "inspect");

        assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
        assertThat(r.out).isEmpty();
        assertThat(r.err).startsWith("coffer: the input is not a Coffer item: it has no binary 'coffer_head' attribute")
                .doesNotContain("integrity").doesNotContain(Session.SECRET);
        assertThat(r.err.strip().lines()).hasSize(1);
    }

    @Test
    void scanWithOnePlaintextItem_describesTheOthers_andNamesIt_exit2() {
        String stored = CliRun.stdin(Session.lines(1), session.args("encrypt")).out.strip();
        String plain = Session.lines(2).strip().split("\n")[1];
        String scan = "{\"Items\":[" + stored + "," + plain + "],\"Count\":2}";

        CliRun r = CliRun.stdin(scan, "inspect", "-");

        assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
        assertThat(r.out).contains("item 1\n").contains("provider           wrapped")
                .contains("item 2: not a Coffer item").contains("Nothing above is verified");
        assertThat(r.err).startsWith("coffer: 1 of 2 items are not Coffer items (item 2)");
        assertThat(r.out + r.err).doesNotContain(Session.SECRET);
    }

    @Test
    void cofferItems_exit0() {
        String stored = CliRun.stdin(Session.ITEM, session.args("encrypt")).out;

        CliRun r = CliRun.stdin(stored, "inspect");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.err).isEmpty();
    }
}
