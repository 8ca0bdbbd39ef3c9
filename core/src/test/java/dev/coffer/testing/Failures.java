package dev.coffer.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** The rule every Coffer error follows: typed, names the table, says why, never shows a value. */
public final class Failures {
    private Failures() {
    }

    /**
     * Asserts that {@code call} throws {@code type} with a message that names table {@code table},
     * contains every one of {@code mentions} and none of {@code secrets}.
     */
    public static void assertFails(ThrowingCallable call, Class<? extends Throwable> type, String table,
            List<String> secrets, String... mentions) {
        assertThatThrownBy(call)
                .isInstanceOf(type)
                .hasMessageContaining("table '" + table + "'")
                .satisfies(e -> {
                    for (String secret : secrets) {
                        assertThat(e.getMessage()).doesNotContain(secret);
                    }
                    for (String m : mentions) {
                        assertThat(e.getMessage()).contains(m);
                    }
                });
    }
}
