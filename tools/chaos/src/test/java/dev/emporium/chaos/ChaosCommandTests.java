package dev.emporium.chaos;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.emporium.testsupport.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ChaosCommandTests {

    @TempDir
    Path var;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return ChaosCommand.run(args, this.var, new PrintStream(this.out, true, StandardCharsets.UTF_8),
                new PrintStream(this.err, true, StandardCharsets.UTF_8));
    }

    String err() {
        return this.err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void parsesTheOptions() {
        ChaosCommand.Arguments arguments = ChaosCommand.Arguments.parse(new String[] { "redis-down", "--rate", "45", "--duration=20s" });
        assertThat(arguments.command()).isEqualTo("redis-down");
        assertThat(arguments.settings().rate()).isEqualTo(45);
        assertThat(arguments.settings().quiet()).isEqualTo(Duration.ofSeconds(20));
        assertThat(ChaosCommand.Arguments.parse(new String[] { "capacity", "--instances", "1" }).instances()).isEqualTo(1);
        assertThat(arguments.settings().capacity()).isNull();
        assertThat(ChaosCommand.Arguments.parse(new String[] { "overload", "--capacity", "12" }).settings().capacity())
            .isEqualTo(12);
        assertThat(ChaosCommand.Arguments.duration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(ChaosCommand.Arguments.duration("15")).isEqualTo(Duration.ofSeconds(15));
        assertThatIllegalArgumentException().isThrownBy(() -> ChaosCommand.Arguments.duration("soon"));
    }

    @Test
    void aWrongCommandLineGetsTheUsage() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("no-such-scenario")).isEqualTo(2);
        assertThat(run("all", "--rate", "fast")).isEqualTo(2);
        assertThat(run("all", "--rate", "-3")).isEqualTo(2);
        assertThat(run("all", "--duration", "1s")).isEqualTo(2);
        assertThat(run("capacity", "--instances", "0")).isEqualTo(2);
        assertThat(run("overload", "--capacity", "0")).isEqualTo(2);
        assertThat(run("redis-down", "--capacity", "12")).isEqualTo(2);
        assertThat(run("all", "--colour", "red")).isEqualTo(2);
        assertThat(err()).contains("usage: ./emporium chaos", "kill-instances", "unknown option --colour");
    }

    @Test
    void withoutARunningClusterItSaysHowToStartOne() throws Exception {
        assertThat(run("kill-gateway")).isEqualTo(2);
        assertThat(err()).contains("no cluster is running", "./emporium cluster up");

        // A state file left by a supervisor that has gone.
        Files.createDirectories(this.var.resolve("cluster"));
        Files.writeString(this.var.resolve("cluster/supervisor.json"), "{\"pid\":1,\"controlUrl\":\"http://127.0.0.1:"
                + FreePorts.range(1) + "\",\"edgeUrl\":\"http://127.0.0.1:8080\"}");
        assertThat(run("kill-gateway")).isEqualTo(2);
        assertThat(err()).contains("does not answer", "./emporium cluster up");
    }
}
