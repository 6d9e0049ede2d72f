package dev.roster.server.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Start-up failures are one clear line on stderr and a non-zero exit, never a stack trace. */
class ServeCommandTest {

    private record Outcome(int exit, String err) {}

    private static Outcome run(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int exit = Main.run(args);
            return new Outcome(exit, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    private static void assertOneLine(Outcome o) {
        assertThat(o.err().strip().lines()).hasSize(1);
        assertThat(o.err()).startsWith("roster: ").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aBadFlagIsOneLine() {
        Outcome o = run("serve", "--port", "eighty");
        assertThat(o.exit()).isEqualTo(2);
        assertOneLine(o);
        assertThat(o.err()).contains("--port");

        Outcome unknown = run("serve", "--colour", "blue");
        assertThat(unknown.exit()).isEqualTo(2);
        assertOneLine(unknown);
    }

    @Test
    void aBadQueryTimeoutIsOneLine() {
        assertBadDurationsRefused("--query-timeout", "999999999m", "24 hours", "soon", "-1s", "10h", "1.5s");
    }

    @Test
    void aBadTurnWaitIsOneLine() {
        assertBadDurationsRefused("--turn-wait", "11m", "10 minutes", "later", "-5s", "1.5s");
    }

    /** Each of {@code bad} is not a duration, and {@code tooLong} is past the flag's range, which {@code range} names. */
    private static void assertBadDurationsRefused(String flag, String tooLong, String range, String... bad) {
        for (String value : bad) {
            Outcome o = run("serve", "--port", "0", flag, value);
            assertThat(o.exit()).as(value).isEqualTo(2);
            assertOneLine(o);
            assertThat(o.err()).as(value).contains("duration").contains(value);
        }
        Outcome o = run("serve", "--port", "0", flag, tooLong);
        assertThat(o.exit()).isEqualTo(2);
        assertOneLine(o);
        assertThat(o.err()).contains(range);
    }

    @Test
    void anOutOfRangePortIsOneLine() {
        Outcome o = run("serve", "--port", "70000");
        assertThat(o.exit()).isEqualTo(2);
        assertOneLine(o);
    }

    @Test
    void aPortInUseIsOneLine(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Outcome o = run("serve", "--host", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort()),
                    "--data-dir", dir.toString());
            assertThat(o.exit()).isEqualTo(1);
            assertOneLine(o);
            assertThat(o.err()).contains(String.valueOf(taken.getLocalPort()));
        }
    }

    @Test
    void anUnwritableDataFolderIsOneLine(@TempDir Path dir) throws Exception {
        Path file = Files.createFile(dir.resolve("roster-cli.txt"));
        Outcome o = run("serve", "--port", "0", "--data-dir", file.resolve("sub").toString());
        assertThat(o.exit()).isEqualTo(1);
        assertOneLine(o);
        assertThat(o.err()).contains("data folder");
    }
}
