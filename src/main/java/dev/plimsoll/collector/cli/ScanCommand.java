package dev.plimsoll.collector.cli;

import dev.plimsoll.collector.docker.DockerException;
import dev.plimsoll.collector.scan.HostException;
import dev.plimsoll.collector.scan.Scanner;
import dev.plimsoll.wire.ResultStatus;
import dev.plimsoll.wire.ScanDocument;
import dev.plimsoll.wire.ScanJson;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code scan [--output FILE|-]}: runs the checks and writes the native scan document. */
final class ScanCommand {

    private static final Set<String> VALUED = union(ScanFlags.VALUED, Set.of("--output"));

    private final Environment environment;

    ScanCommand(Environment environment) {
        this.environment = environment;
    }

    ExitCode run(List<String> rawArgs) throws UsageException {
        Arguments args = Arguments.parse(rawArgs, VALUED, Set.of());
        if (!args.positional().isEmpty()) {
            throw new UsageException("scan takes no arguments, only options: " + args.positional());
        }
        Set<ResultStatus> failOn = ScanFlags.failOn(args);
        Scanner scanner = new Scanner(ScanFlags.options(args), environment.commands(), environment.clock());
        ScanDocument document;
        try {
            document = scanner.scan();
        } catch (DockerException | HostException unreadable) {
            environment.err().println("error: " + unreadable.getMessage());
            return ExitCode.UNREADABLE;
        }
        try {
            Output.write(args.value("--output").orElse("-"), ScanJson.writePretty(document), environment.out());
        } catch (IOException e) {
            environment
                    .err()
                    .println("error: cannot write " + args.value("--output").orElse("-") + ": " + e.getMessage());
            return ExitCode.UNREADABLE;
        }
        environment
                .err()
                .println("scan " + document.scanId() + ": " + ScanFlags.summary(document) + " in "
                        + Duration.between(document.startedAt(), document.finishedAt())
                                .toMillis() + " ms");
        return ScanFlags.matches(document, failOn) ? ExitCode.CHECKS_FAILED : ExitCode.OK;
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        return Set.copyOf(union);
    }
}
