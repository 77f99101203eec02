package dev.plimsoll.collector.cli;

import dev.plimsoll.collector.scan.ScanOptions;
import dev.plimsoll.wire.ResultStatus;
import dev.plimsoll.wire.ScanDocument;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The flags {@code scan} and {@code push} share: where to look, how to label, when to exit 1. */
final class ScanFlags {

    static final Set<String> VALUED = Set.of(
            "--docker-socket", "--host-root", "--host-id", "--label", "--trusted-users", "--parallelism", "--fail-on");

    private ScanFlags() {}

    static ScanOptions options(Arguments args) throws UsageException {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String label : args.values("--label")) {
            int equals = label.indexOf('=');
            if (equals <= 0) {
                throw new UsageException("--label takes key=value, not \"" + label + "\"");
            }
            labels.put(label.substring(0, equals), label.substring(equals + 1));
        }
        Optional<Set<String>> trusted = args.value("--trusted-users")
                .map(list -> Arrays.stream(list.split(","))
                        .map(String::strip)
                        .filter(user -> !user.isEmpty())
                        .collect(Collectors.toUnmodifiableSet()));
        return new ScanOptions(
                Path.of(args.value("--docker-socket").orElse(ScanOptions.DEFAULT_SOCKET.toString())),
                Path.of(args.value("--host-root").orElse("/")),
                args.value("--host-id").filter(id -> !id.isBlank()),
                labels,
                trusted,
                args.intValue("--parallelism", 4, 1));
    }

    /** The statuses that make the command exit 1 ({@code --fail-on fail,warn}); none by default. */
    static Set<ResultStatus> failOn(Arguments args) throws UsageException {
        Set<ResultStatus> statuses = EnumSet.noneOf(ResultStatus.class);
        for (String given : args.values("--fail-on")) {
            for (String name : given.split(",")) {
                try {
                    statuses.add(ResultStatus.valueOf(name.strip()));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--fail-on takes statuses (pass, fail, warn, info, manual, skip, error),"
                            + " not \"" + name.strip() + "\"");
                }
            }
        }
        return statuses;
    }

    static boolean matches(ScanDocument document, Set<ResultStatus> failOn) {
        return document.results().stream().anyMatch(result -> failOn.contains(result.status()));
    }

    /** A one-line summary: {@code 212 results: 140 pass, 30 fail, ...}. */
    static String summary(ScanDocument document) {
        String counts = Arrays.stream(ResultStatus.values())
                .filter(status -> document.count(status) > 0)
                .map(status -> document.count(status) + " " + status.name())
                .collect(Collectors.joining(", "));
        int total = document.results().size();
        return total + (total == 1 ? " result" : " results") + (counts.isEmpty() ? "" : ": " + counts);
    }
}
