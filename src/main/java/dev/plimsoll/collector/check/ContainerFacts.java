package dev.plimsoll.collector.check;

import dev.plimsoll.wire.ScanTarget;
import dev.plimsoll.wire.json.Node;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the container checks look at for one container.
 *
 * @param inspect the {@code GET /containers/{id}/json} document, possibly partial
 * @param daemon what the daemon says about AppArmor, SELinux and no-new-privileges
 * @param processes the container's process command lines ({@code GET /containers/{id}/top}),
 *     empty when not known
 * @param execs the exec sessions the daemon still knows, empty when not known
 */
public record ContainerFacts(
        Node inspect, DaemonSecurity daemon, Optional<List<String>> processes, Optional<List<ExecSession>> execs) {

    public ContainerFacts {
        Objects.requireNonNull(inspect, "inspect");
        Objects.requireNonNull(daemon, "daemon");
        Objects.requireNonNull(processes, "processes");
        Objects.requireNonNull(execs, "execs");
    }

    /** A container judged from its inspect document alone. */
    public static ContainerFacts alone(Node inspect) {
        return new ContainerFacts(inspect, DaemonSecurity.UNKNOWN, Optional.empty(), Optional.empty());
    }

    public Node config() {
        return inspect.get("Config");
    }

    public Node hostConfig() {
        return inspect.get("HostConfig");
    }

    /** The container's name without Docker's leading slash. */
    public String name() {
        String name = inspect.get("Name").textOr(null);
        return name != null && name.startsWith("/") ? name.substring(1) : name;
    }

    public ScanTarget target() {
        return ScanTarget.container(
                inspect.get("Id").textOr(null),
                name(),
                config().get("Image").textOr(null),
                inspect.get("Image").textOr(null));
    }
}
