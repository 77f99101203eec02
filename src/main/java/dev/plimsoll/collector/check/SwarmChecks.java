package dev.plimsoll.collector.check;

import dev.plimsoll.wire.json.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * CIS section 7 (swarm configuration). Every check is skipped when swarm mode is off, and the
 * ones that need the swarm's own documents say so on worker nodes, which cannot read them.
 */
public final class SwarmChecks {

    /** 2377, the swarm management port, in the hexadecimal form of the kernel's TCP tables. */
    private static final String MANAGEMENT_PORT_HEX = "0949";

    private static final String LISTEN_STATE = "0A";

    static final List<Check<HostFacts>> CHECKS = List.of(
            new Check<>(
                    "7.1",
                    "Minimum number of manager nodes",
                    "Keep an odd number of managers, no more than needed (docker node demote <node>).",
                    inSwarm(SwarmChecks::managerCount)),
            new Check<>(
                    "7.2",
                    "Swarm bound to a specific interface",
                    "Initialise or join the swarm with --listen-addr <address>:2377.",
                    inSwarm(SwarmChecks::boundToInterface)),
            new Check<>(
                    "7.3",
                    "Overlay networks encrypted",
                    "Create overlay networks with --opt encrypted.",
                    inSwarm(SwarmChecks::encryptedOverlays)),
            new Check<>(
                    "7.4",
                    "Swarm secrets used for secrets",
                    "Keep service secrets in docker secret.",
                    onManager(facts -> {
                        int secrets = facts.swarmSecrets().map(List::size).orElse(0);
                        return secrets > 0
                                ? Verdict.pass(secrets + " secrets managed by the swarm")
                                : Verdict.manual("the swarm manages no secrets: confirm services get theirs another"
                                        + " safe way");
                    })),
            new Check<>("7.5", "Manager auto-lock enabled", "docker swarm update --autolock=true", onManager(facts -> {
                boolean autolock = facts.swarm()
                        .orElseThrow()
                        .path("Spec", "EncryptionConfig", "AutoLockManagers")
                        .boolOr(false);
                return Verdict.passIf(autolock, "AutoLockManagers=" + autolock);
            })),
            new Check<>(
                    "7.6",
                    "Auto-lock key rotated",
                    "Rotate the unlock key (docker swarm unlock-key --rotate) as policy requires.",
                    inSwarm(facts -> Verdict.manual(
                            "key rotation leaves no trace in the API: check the rotation" + " records"))),
            new Check<>(
                    "7.7",
                    "Node certificates rotated",
                    "Set the node certificate expiry as policy requires (docker swarm update --cert-expiry).",
                    onManager(facts -> {
                        long nanos = facts.swarm()
                                .orElseThrow()
                                .path("Spec", "CAConfig", "NodeCertExpiry")
                                .longOr(0);
                        return Verdict.manual("node certificates expire after " + (nanos / 3_600_000_000_000L)
                                + " hours: confirm that matches policy");
                    })),
            new Check<>(
                    "7.8",
                    "CA certificates rotated",
                    "Rotate the swarm CA (docker swarm ca --rotate) as policy requires.",
                    inSwarm(facts ->
                            Verdict.manual("CA rotation leaves no trace in the API: check the rotation" + " records"))),
            new Check<>(
                    "7.9",
                    "Management and data plane separated",
                    "Join the swarm with --data-path-addr on a separate interface.",
                    inSwarm(facts -> Verdict.manual("swarm node address "
                            + facts.info().path("Swarm", "NodeAddr").textOr("?")
                            + ": the data path address is not in the API; confirm they use different interfaces"))));

    private SwarmChecks() {}

    private static Verdict managerCount(HostFacts facts) {
        Optional<List<Node>> nodes = facts.swarmNodes();
        if (nodes.isEmpty()) {
            return Verdict.skip("this node is a swarm worker: manager checks run on managers");
        }
        long managers = nodes.get().stream()
                .filter(node -> node.path("Spec", "Role").textOr("").equals("manager"))
                .count();
        return managers % 2 == 1
                ? Verdict.pass(managers + " managers")
                : Verdict.fail(managers + " managers: an even number adds no fault tolerance");
    }

    private static Verdict boundToInterface(HostFacts facts) {
        try {
            List<String> wildcard = new ArrayList<>();
            boolean listening = false;
            // /proc/1/net is the host's network namespace even when read from a container;
            // /proc/net would be the collector's own.
            for (String table : List.of("/proc/1/net/tcp", "/proc/1/net/tcp6")) {
                for (String line :
                        facts.host().read(table).orElse("").lines().skip(1).toList()) {
                    String[] fields = line.strip().split("\\s+");
                    if (fields.length < 4 || !fields[3].equals(LISTEN_STATE)) {
                        continue;
                    }
                    String[] local = fields[1].split(":");
                    if (local.length == 2 && local[1].equalsIgnoreCase(MANAGEMENT_PORT_HEX)) {
                        listening = true;
                        if (local[0].chars().allMatch(c -> c == '0')) {
                            wildcard.add(table.endsWith("6") ? "[::]:2377" : "0.0.0.0:2377");
                        }
                    }
                }
            }
            if (!listening) {
                return facts.host().exists("/proc/1/net/tcp")
                        ? Verdict.skip("nothing listens on 2377 on this node")
                        : Verdict.manual("the host's /proc/1/net/tcp cannot be read: check where port 2377 listens");
            }
            return wildcard.isEmpty()
                    ? Verdict.pass("2377 listens on a specific address")
                    : Verdict.fail("2377 listens on every interface: " + wildcard);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Verdict encryptedOverlays(HostFacts facts) {
        List<String> plain = new ArrayList<>();
        int overlays = 0;
        for (Node network : facts.networks()) {
            if (network.get("Driver").textOr("").equals("overlay")) {
                overlays++;
                if (network.path("Options").get("encrypted").isMissing()) {
                    plain.add(network.get("Name").textOr("?"));
                }
            }
        }
        if (overlays == 0) {
            return Verdict.skip("no overlay networks");
        }
        return plain.isEmpty()
                ? Verdict.pass(overlays + " overlay networks, all encrypted")
                : Verdict.fail("unencrypted overlay networks " + plain);
    }

    private static Function<HostFacts, Verdict> inSwarm(Function<HostFacts, Verdict> rule) {
        return facts -> facts.swarmActive() ? rule.apply(facts) : Verdict.skip("swarm mode is off");
    }

    private static Function<HostFacts, Verdict> onManager(Function<HostFacts, Verdict> rule) {
        return inSwarm(facts -> facts.swarm().isPresent()
                ? rule.apply(facts)
                : Verdict.skip("this node is a swarm worker: manager checks run on managers"));
    }
}
