package dev.plimsoll.collector.cli;

import dev.plimsoll.collector.host.CommandRunner;
import dev.plimsoll.collector.host.ProcessCommandRunner;
import dev.plimsoll.collector.push.Sleeper;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * What the commands use from the outside world, in one place so that tests can replace it: the
 * console, the clock, waiting, host commands and environment variables.
 */
public record Environment(
        InputStream in,
        PrintStream out,
        PrintStream err,
        Clock clock,
        Sleeper sleeper,
        CommandRunner commands,
        Map<String, String> variables) {

    public static Environment system() {
        return new Environment(
                System.in,
                System.out,
                System.err,
                Clock.systemUTC(),
                Sleeper.REAL,
                new ProcessCommandRunner(Duration.ofSeconds(10)),
                System.getenv());
    }
}
