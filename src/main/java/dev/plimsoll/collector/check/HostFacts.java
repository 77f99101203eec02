package dev.plimsoll.collector.check;

import dev.plimsoll.collector.host.AuditRules;
import dev.plimsoll.collector.host.DaemonConfig;
import dev.plimsoll.collector.host.HostProcesses;
import dev.plimsoll.collector.host.HostRoot;
import dev.plimsoll.wire.json.Node;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the host-wide checks (CIS sections 1, 2, 3, 6 and 7, PL-2 and PL-4) look at, gathered once
 * per scan.
 *
 * @param host the host's file system
 * @param version {@code GET /version}
 * @param info {@code GET /info}
 * @param daemon daemon.json and the dockerd command line
 * @param processes the host's processes
 * @param auditRules the host's audit rules, or why they cannot be read
 * @param runningContainers {@code GET /containers/json}
 * @param allContainers {@code GET /containers/json?all=1}
 * @param images {@code GET /images/json}
 * @param networks {@code GET /networks}
 * @param swarm {@code GET /swarm}, when this node manages a swarm
 * @param swarmNodes {@code GET /nodes}, when this node manages a swarm
 * @param swarmSecrets {@code GET /secrets}, when this node manages a swarm
 * @param trustedUsers the users allowed to control the daemon, when the operator named them
 * @param now when the scan runs, for date-dependent verdicts
 */
public record HostFacts(
        HostRoot host,
        Node version,
        Node info,
        DaemonConfig daemon,
        HostProcesses processes,
        AuditRules auditRules,
        List<Node> runningContainers,
        List<Node> allContainers,
        List<Node> images,
        List<Node> networks,
        Optional<Node> swarm,
        Optional<List<Node>> swarmNodes,
        Optional<List<Node>> swarmSecrets,
        Optional<Set<String>> trustedUsers,
        Instant now) {

    public DaemonSecurity security() {
        return DaemonSecurity.fromInfo(info);
    }

    /** Whether this daemon takes part in a swarm. */
    public boolean swarmActive() {
        return info.path("Swarm", "LocalNodeState").textOr("inactive").equals("active");
    }
}
