package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The CLI tests' session table: a keyring made by {@code coffer keygen}, flags, and sample items. */
final class Session {
    static final String SECRET = "tok_very_secret";
    static final String ITEM = "{\"Item\":{\"user_id\":{\"S\":\"alice\"},\"session_id\":{\"S\":\"s-1\"},"
            + "\"token\":{\"S\":\"" + SECRET + "\"},\"status\":{\"S\":\"ACTIVE\"},\"expires_at\":{\"N\":\"1795000000\"}}}";
    static final List<String> TABLE = List.of("-t", "sessions", "-p", "user_id", "-s", "session_id",
            "--sign-only", "status,expires_at");

    private final Path keyring;

    private Session(Path keyring) {
        this.keyring = keyring;
    }

    /** A new keyring {@code keyring.json} in {@code dir}, written by the CLI. */
    static Session in(Path dir) {
        Path keyring = dir.resolve("keyring.json");
        CliRun r = CliRun.run("keygen", "--out", keyring.toString());
        assertThat(r.exitCode).as(r.toString()).isZero();
        return new Session(keyring);
    }

    Path keyring() {
        return keyring;
    }

    /** {@code command --keyring K <table flags> rest...}. */
    String[] args(String command, String... rest) {
        List<String> all = new ArrayList<>(List.of(command, "--keyring", keyring.toString()));
        all.addAll(TABLE);
        all.addAll(Arrays.asList(rest));
        return all.toArray(new String[0]);
    }

    /** One bare item per line, {@code n} of them, for users u0..u(n-1). */
    static String lines(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("{\"user_id\":{\"S\":\"u").append(i).append("\"},\"session_id\":{\"S\":\"s\"},\"token\":{\"S\":\"")
                    .append(SECRET).append(i).append("\"},\"status\":{\"S\":\"ACTIVE\"}}\n");
        }
        return b.toString();
    }
}
