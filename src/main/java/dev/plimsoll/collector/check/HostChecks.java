package dev.plimsoll.collector.check;

import dev.plimsoll.collector.host.AuditRules;
import dev.plimsoll.collector.host.HostProcesses.HostProcess;
import dev.plimsoll.wire.json.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CIS section 1 (host configuration), PL-2 (runtime monitoring) and PL-4 (supported engine).
 */
public final class HostChecks {

    private static final String AUDIT_REMEDIATION =
            "Add a watch rule (for example -w <path> -k docker) in /etc/audit/rules.d/docker.rules and reload the"
                    + " rules (augenrules --load).";

    /** Image names and host process names of runtime-monitoring agents. */
    private static final Pattern AGENT_IMAGE =
            Pattern.compile("(^|/)(falco|falco-no-driver|tetragon|agent|sysdig-agent|agent-slim)(:|@|$)");

    private static final Pattern AGENT_IMAGE_VENDOR = Pattern.compile("falco|tetragon|sysdig");

    private static final Set<String> AGENT_PROCESSES = Set.of("falco", "tetragon", "dragent", "sysdig-agent");

    static final List<Check<HostFacts>> CHECKS = List.of(
            new Check<>(
                    "1.1.1",
                    "Separate partition for container data",
                    "Mount the Docker root directory (DockerRootDir) on its own partition or logical volume.",
                    HostChecks::separatePartition),
            new Check<>(
                    "1.1.2",
                    "Only trusted users control the daemon",
                    "Remove untrusted users from the docker group (gpasswd -d <user> docker).",
                    HostChecks::trustedUsers),
            auditRule("1.1.3", "/usr/bin/dockerd"),
            auditRule("1.1.4", "/run/containerd"),
            auditRule("1.1.5", "/var/lib/docker"),
            auditRule("1.1.6", "/etc/docker"),
            auditRuleForUnit("1.1.7", "docker.service"),
            auditRule("1.1.8", "/run/containerd/containerd.sock"),
            auditRuleForUnit("1.1.9", "docker.socket"),
            auditRule("1.1.10", "/etc/default/docker"),
            auditRule("1.1.11", "/etc/docker/daemon.json"),
            auditRule("1.1.12", "/etc/containerd/config.toml"),
            auditRule("1.1.13", "/etc/sysconfig/docker"),
            auditRule("1.1.14", "/usr/bin/containerd"),
            auditRule("1.1.15", "/usr/bin/containerd-shim"),
            auditRule("1.1.16", "/usr/bin/containerd-shim-runc-v1"),
            auditRule("1.1.17", "/usr/bin/containerd-shim-runc-v2"),
            auditRule("1.1.18", "/usr/bin/runc"),
            new Check<>(
                    "1.2.1",
                    "Container host is hardened",
                    "Harden the host against an operating-system benchmark (for example the CIS benchmark of the"
                            + " distribution).",
                    facts -> Verdict.manual(
                            "host hardening is judged by an operating-system benchmark, not by" + " this collector")),
            new Check<>(
                    "1.2.2",
                    "Docker version is up to date",
                    "Update Docker Engine to the latest patch release of a supported line.",
                    facts -> Verdict.manual(
                            "Docker Engine " + facts.version().get("Version").textOr("?")
                                    + ": whether it is the latest patch release needs the current release list; whether its"
                                    + " line is still supported is PL-4")),
            new Check<>(
                    "PL-2",
                    "A runtime-monitoring agent is present",
                    "Run a runtime-monitoring agent (Falco, Tetragon or the Sysdig agent) on the host.",
                    HostChecks::runtimeMonitoring),
            new Check<>(
                    "PL-4",
                    "Docker Engine version still supported",
                    "Upgrade Docker Engine to a supported release line.",
                    facts -> EngineSupport.judge(facts.version().get("Version").textOr(""), facts.now())));

    private HostChecks() {}

    // ---- 1.1.1 ---------------------------------------------------------------------------

    private static Verdict separatePartition(HostFacts facts) {
        String rootDir = facts.info().get("DockerRootDir").textOr("/var/lib/docker");
        // With userns-remap the root dir is a <uid>.<gid> directory inside the real one.
        if (facts.security().has("userns") && rootDir.matches(".*/\\d+\\.\\d+/?")) {
            rootDir = rootDir.substring(0, rootDir.replaceAll("/$", "").lastIndexOf('/'));
        }
        Optional<List<String>> mountPoints = mountPoints(facts);
        if (mountPoints.isEmpty()) {
            return Verdict.manual("the host's mount table (/proc/1/mountinfo) cannot be read: check that " + rootDir
                    + " is a mount point");
        }
        return mountPoints.get().contains(rootDir)
                ? Verdict.pass(rootDir + " is a mount point")
                : Verdict.fail(rootDir + " is not a mount point");
    }

    private static Optional<List<String>> mountPoints(HostFacts facts) {
        try {
            Optional<String> table = facts.host().read("/proc/1/mountinfo");
            if (table.isEmpty()) {
                table = facts.host().read("/proc/self/mountinfo");
            }
            return table.map(text -> text.lines()
                    .map(line -> line.split(" "))
                    .filter(fields -> fields.length > 4)
                    .map(fields -> unescapeMountPath(fields[4]))
                    .toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** mountinfo writes spaces, tabs and backslashes in paths as octal escapes. */
    private static String unescapeMountPath(String path) {
        return path.replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\");
    }

    // ---- 1.1.2 ---------------------------------------------------------------------------

    private static Verdict trustedUsers(HostFacts facts) {
        Optional<Set<String>> members = dockerGroupMembers(facts);
        if (members.isEmpty()) {
            return Verdict.pass("there is no docker group: only root can use the daemon's socket");
        }
        if (facts.trustedUsers().isEmpty()) {
            return Verdict.manual("members of the docker group: " + members.get()
                    + ": confirm each is trusted (or name them with --trusted-users)");
        }
        List<String> untrusted = members.get().stream()
                .filter(user -> !facts.trustedUsers().get().contains(user))
                .toList();
        return untrusted.isEmpty()
                ? Verdict.pass("every member of the docker group is trusted: " + members.get())
                : Verdict.fail("members of the docker group not among the trusted users: " + untrusted);
    }

    /** Named members of group docker plus users whose primary group it is; empty when there is no group. */
    private static Optional<Set<String>> dockerGroupMembers(HostFacts facts) {
        try {
            Optional<String> groups = facts.host().read("/etc/group");
            if (groups.isEmpty()) {
                return Optional.empty();
            }
            String gid = null;
            Set<String> members = new LinkedHashSet<>();
            for (String line : groups.get().lines().toList()) {
                String[] fields = line.split(":", -1);
                if (fields.length >= 4 && fields[0].equals("docker")) {
                    gid = fields[2];
                    for (String member : fields[3].split(",")) {
                        if (!member.isBlank()) {
                            members.add(member.strip());
                        }
                    }
                }
            }
            if (gid == null) {
                return Optional.empty();
            }
            for (String line :
                    facts.host().read("/etc/passwd").orElse("").lines().toList()) {
                String[] fields = line.split(":", -1);
                if (fields.length >= 4 && fields[3].equals(gid)) {
                    members.add(fields[0]);
                }
            }
            return Optional.of(members);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- 1.1.3 - 1.1.18 ------------------------------------------------------------------

    private static Check<HostFacts> auditRule(String control, String path) {
        return new Check<>(
                control, "auditd rule for " + path, AUDIT_REMEDIATION, facts -> auditVerdict(facts, List.of(path)));
    }

    private static Check<HostFacts> auditRuleForUnit(String control, String unit) {
        return new Check<>(control, "auditd rule for the " + unit + " unit file", AUDIT_REMEDIATION, facts -> {
            Optional<String> file = SystemdUnits.find(facts.host(), unit);
            if (file.isEmpty()) {
                return Verdict.skip("no " + unit + " unit file on this host");
            }
            return auditVerdict(facts, usrMergeAliases(file.get()));
        });
    }

    /** Judges the rule for a path that may be written several ways (usr-merge: /lib = /usr/lib). */
    private static Verdict auditVerdict(HostFacts facts, List<String> spellings) {
        String path = spellings.get(0);
        if (!facts.host().exists(path)) {
            return Verdict.skip(path + " does not exist on this host");
        }
        AuditRules rules = facts.auditRules();
        if (!rules.available()) {
            return rules.commandFailed() ? Verdict.error(rules.problem()) : Verdict.manual(rules.problem());
        }
        return spellings.stream().anyMatch(rules::watches)
                ? Verdict.pass("audit rule for " + path + " in " + rules.source())
                : Verdict.fail("no audit rule for " + path + " in " + rules.source());
    }

    private static List<String> usrMergeAliases(String path) {
        List<String> spellings = new ArrayList<>(List.of(path));
        if (path.startsWith("/usr/lib/")) {
            spellings.add(path.substring("/usr".length()));
        } else if (path.startsWith("/lib/")) {
            spellings.add("/usr" + path);
        }
        return spellings;
    }

    // ---- PL-2 ----------------------------------------------------------------------------

    private static Verdict runtimeMonitoring(HostFacts facts) {
        List<String> found = new ArrayList<>();
        for (Node container : facts.runningContainers()) {
            String image = container.get("Image").textOr("").toLowerCase(Locale.ROOT);
            if (AGENT_IMAGE_VENDOR.matcher(image).find()
                    && AGENT_IMAGE.matcher(image).find()) {
                List<String> names = container.get("Names").strings();
                found.add("container " + (names.isEmpty() ? "?" : names.get(0).replaceFirst("^/", "")) + " (" + image
                        + ")");
            }
        }
        for (HostProcess process : facts.processes().all()) {
            if (AGENT_PROCESSES.contains(process.name())) {
                found.add("process " + process.name() + " (pid " + process.pid() + ")");
            }
        }
        if (!found.isEmpty()) {
            return Verdict.pass("runtime monitoring: " + String.join(", ", found));
        }
        if (!facts.processes().visible()) {
            return Verdict.manual("no monitoring agent container runs, and the host's processes are not visible"
                    + " (mount the host's /proc under the host root) to look for an agent installed on the host");
        }
        return Verdict.fail("no Falco, Tetragon or Sysdig agent among the running containers and host processes");
    }
}
