package dev.plimsoll.collector.host;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The host's processes, read from {@code /proc} under the host root: their names ({@code comm})
 * and, on demand, command lines. Seen from a container this needs the host's {@code /proc}, which
 * {@code -v /:/host:ro} brings along.
 */
public final class HostProcesses {

    /** One process: its pid and short name. */
    public record HostProcess(String pid, String name) {}

    private final HostRoot host;
    private final List<HostProcess> processes;

    private HostProcesses(HostRoot host, List<HostProcess> processes) {
        this.host = host;
        this.processes = List.copyOf(processes);
    }

    public static HostProcesses load(HostRoot host) throws IOException {
        List<HostProcess> processes = new ArrayList<>();
        for (String entry : host.list("/proc")) {
            if (!entry.chars().allMatch(Character::isDigit)) {
                continue;
            }
            Optional<String> comm;
            try {
                comm = host.read("/proc/" + entry + "/comm");
            } catch (IOException vanishedOrHidden) {
                continue;
            }
            comm.ifPresent(name -> processes.add(new HostProcess(entry, name.strip())));
        }
        return new HostProcesses(host, processes);
    }

    /** Whether {@code /proc} could be read at all (it is empty when the host root lacks it). */
    public boolean visible() {
        return !processes.isEmpty();
    }

    public List<HostProcess> all() {
        return processes;
    }

    /** The command line of the first process with that name, split at its NUL separators. */
    public Optional<List<String>> commandLineOf(String name) throws IOException {
        for (HostProcess process : processes) {
            if (process.name().equals(name)) {
                Optional<String> cmdline = host.read("/proc/" + process.pid() + "/cmdline");
                if (cmdline.isPresent()) {
                    return Optional.of(Arrays.stream(cmdline.get().split("\0"))
                            .filter(arg -> !arg.isEmpty())
                            .toList());
                }
            }
        }
        return Optional.empty();
    }
}
