package dev.plimsoll.collector.testing;

import dev.plimsoll.collector.cli.Cli;
import dev.plimsoll.collector.cli.Environment;
import dev.plimsoll.collector.cli.ExitCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** One run of the command line in this JVM, with its console captured. */
public record CollectorRun(ExitCode exitCode, String out, String err) {

    /** Real time moved to the test's day: it still advances, so spooled scans keep their order. */
    private static final Clock CLOCK = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), HostScan.TODAY));

    public static CollectorRun of(RecordingSleeper sleeper, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Environment environment = new Environment(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                CLOCK,
                sleeper,
                HostScan.NO_AUDITCTL,
                Map.of());
        ExitCode code = new Cli(environment).run(args);
        return new CollectorRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public static CollectorRun of(String... args) {
        return of(new RecordingSleeper(), args);
    }
}
