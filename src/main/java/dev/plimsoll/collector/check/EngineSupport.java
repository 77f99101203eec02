package dev.plimsoll.collector.check;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PL-4: whether the Docker Engine's release line still gets fixes upstream.
 *
 * <p>Upstream Docker Engine (moby, docker-ce) maintains the newest major line and keeps the
 * previous one for about a month after a new major ships. The table below was compiled on
 * 2026-11-28 from the Docker Engine release notes; end dates are those approximate ends of
 * support, to the month. Add a row when a new major ships. Distribution packages (Debian's
 * docker.io, Mirantis Container Runtime) may backport fixes to older lines: record those hosts
 * under an exception rather than trusting the version number.
 */
final class EngineSupport {

    /** A release line and the day it left support ({@code null} while supported). */
    private record Line(int major, int minor, LocalDate endOfSupport) {
        boolean matches(int major, int minor) {
            return this.major == major && (this.minor < 0 || this.minor == minor);
        }

        String name() {
            return minor < 0 ? major + ".x" : major + "." + minor;
        }
    }

    static final LocalDate TABLE_DATE = LocalDate.of(2026, 11, 28);

    private static final List<Line> LINES = List.of(
            new Line(20, 10, LocalDate.of(2023, 12, 10)),
            new Line(23, 0, LocalDate.of(2023, 6, 16)),
            new Line(24, 0, LocalDate.of(2024, 2, 19)),
            new Line(25, 0, LocalDate.of(2024, 4, 20)),
            new Line(26, -1, LocalDate.of(2024, 7, 24)),
            new Line(27, -1, LocalDate.of(2025, 3, 19)),
            new Line(28, -1, LocalDate.of(2025, 12, 10)),
            new Line(29, -1, null));

    private static final Pattern VERSION = Pattern.compile("^v?(\\d+)\\.(\\d+)");

    private EngineSupport() {}

    static Verdict judge(String version, Instant now) {
        Matcher matcher = VERSION.matcher(version.strip());
        if (!matcher.find()) {
            return Verdict.manual("the engine version \"" + version + "\" cannot be read");
        }
        int major = Integer.parseInt(matcher.group(1));
        int minor = Integer.parseInt(matcher.group(2));
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Line oldest = LINES.get(0);
        Line newest = LINES.get(LINES.size() - 1);
        if (major < oldest.major() || major == oldest.major() && minor < oldest.minor()) {
            return Verdict.fail("Docker Engine " + version + " belongs to a line that left support before "
                    + oldest.endOfSupport());
        }
        if (major > newest.major()) {
            return Verdict.pass(
                    "Docker Engine " + version + " is newer than every line in the support table of " + TABLE_DATE);
        }
        Optional<Line> line = LINES.stream()
                .filter(candidate -> candidate.matches(major, minor))
                .findFirst();
        if (line.isEmpty()) {
            return Verdict.fail("Docker Engine " + version + " is not a line that was ever supported upstream");
        }
        LocalDate end = line.get().endOfSupport();
        if (end == null) {
            return Verdict.pass("Docker Engine " + version + ": the "
                    + line.get().name() + " line is supported" + " (support table of " + TABLE_DATE + ")");
        }
        return today.isBefore(end)
                ? Verdict.pass("Docker Engine " + version + ": the "
                        + line.get().name() + " line is supported until" + " about " + end)
                : Verdict.fail("Docker Engine " + version + ": the "
                        + line.get().name() + " line left support" + " about " + end);
    }
}
