package dev.plimsoll.collector.check;

import dev.plimsoll.wire.ScanResult;
import dev.plimsoll.wire.ScanTarget;
import dev.plimsoll.wire.json.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * CIS section 5 (container runtime), 4.1 as it applies to a running container, and PL-1: checks of
 * one container's {@code GET /containers/{id}/json} document.
 *
 * <p>{@link #evaluate(String)} is a pure function of that document, so anything that can describe a
 * container in Docker's terms (a pod spec, a compose file) can be judged by the same rules.
 */
public final class ContainerChecks {

    /** Capabilities Docker grants by default; adding one of these changes nothing. */
    private static final Set<String> DEFAULT_CAPABILITIES = Set.of(
            "AUDIT_WRITE",
            "CHOWN",
            "DAC_OVERRIDE",
            "FOWNER",
            "FSETID",
            "KILL",
            "MKNOD",
            "NET_BIND_SERVICE",
            "NET_RAW",
            "SETFCAP",
            "SETGID",
            "SETPCAP",
            "SETUID",
            "SYS_CHROOT");

    /** Host directories CIS 5.6 names; mounting them (or anything below, writable) exposes the host. */
    private static final List<String> SENSITIVE_HOST_DIRS =
            List.of("/", "/boot", "/dev", "/etc", "/lib", "/lib64", "/proc", "/sys", "/usr");

    /** Directories whose mount hands the container the daemon's socket as surely as the socket itself. */
    private static final Set<String> SOCKET_DIRS = Set.of("/run", "/var/run", "/run/docker", "/var/run/docker");

    static final List<Check<ContainerFacts>> CHECKS = List.of(
            new Check<>(
                    "4.1",
                    "Container runs as a non-root user",
                    "Set a non-root USER in the image, or run the container with --user <uid>:<gid>.",
                    ContainerChecks::nonRootUser),
            new Check<>(
                    "5.2",
                    "AppArmor profile applied",
                    "Run the container with the docker-default or a custom AppArmor profile"
                            + " (--security-opt apparmor=<profile>), never apparmor=unconfined.",
                    ContainerChecks::appArmorProfile),
            new Check<>(
                    "5.3",
                    "SELinux options set",
                    "Run the container with SELinux labels (--security-opt label=type:<type>), never label=disable.",
                    ContainerChecks::selinuxOptions),
            new Check<>(
                    "5.4",
                    "Kernel capabilities restricted",
                    "Drop all capabilities (--cap-drop ALL) and add back only those the process needs.",
                    ContainerChecks::capabilities),
            new Check<>(
                    "5.5",
                    "No privileged containers",
                    "Run the container without --privileged; grant single capabilities or devices instead.",
                    c -> flag(c.hostConfig().get("Privileged").boolOr(false), "HostConfig.Privileged")),
            new Check<>(
                    "5.6",
                    "No sensitive host directories mounted",
                    "Do not mount host system directories (/, /boot, /dev, /etc, /lib, /proc, /sys, /usr);"
                            + " mount only what the application needs, read-only.",
                    ContainerChecks::sensitiveMounts),
            new Check<>(
                    "5.7",
                    "No sshd in containers",
                    "Remove the SSH daemon from the image; use docker exec for access.",
                    ContainerChecks::noSshd),
            new Check<>(
                    "5.8",
                    "Privileged ports not mapped",
                    "Publish the container on a host port above 1024.",
                    ContainerChecks::privilegedPorts),
            new Check<>(
                    "5.9",
                    "Only needed ports open",
                    "Publish only the ports the service needs (-p host:container), not -P.",
                    ContainerChecks::onlyNeededPorts),
            new Check<>(
                    "5.10",
                    "Host network namespace not shared",
                    "Run the container on a user-defined network instead of --network host.",
                    c -> notHostMode(c, "NetworkMode")),
            new Check<>(
                    "5.11",
                    "Memory limited",
                    "Set a memory limit (--memory).",
                    c -> positive(c.hostConfig().get("Memory"), "HostConfig.Memory")),
            new Check<>(
                    "5.12",
                    "CPU priority set",
                    "Set a CPU limit or share (--cpus, --cpu-quota or --cpu-shares).",
                    ContainerChecks::cpuLimit),
            new Check<>(
                    "5.13",
                    "Root filesystem read-only",
                    "Run the container with --read-only and mount writable volumes where it must write.",
                    c -> Verdict.passIf(
                            c.hostConfig().get("ReadonlyRootfs").boolOr(false),
                            "HostConfig.ReadonlyRootfs="
                                    + c.hostConfig().get("ReadonlyRootfs").boolOr(false))),
            new Check<>(
                    "5.14",
                    "Incoming traffic bound to a host interface",
                    "Publish ports on one host address (-p 10.0.0.5:8080:80) rather than on all interfaces.",
                    ContainerChecks::boundToInterface),
            new Check<>(
                    "5.15",
                    "Restart policy on-failure, at most 5 retries",
                    "Use --restart on-failure:5 instead of always or unless-stopped.",
                    ContainerChecks::restartPolicy),
            new Check<>(
                    "5.16",
                    "Host PID namespace not shared",
                    "Run the container without --pid host.",
                    c -> notHostMode(c, "PidMode")),
            new Check<>(
                    "5.17",
                    "Host IPC namespace not shared",
                    "Run the container without --ipc host.",
                    c -> notHostMode(c, "IpcMode")),
            new Check<>(
                    "5.18",
                    "Host devices not exposed",
                    "Remove --device options, or keep them under an approved exception.",
                    ContainerChecks::devices),
            new Check<>(
                    "5.19",
                    "Default ulimit overridden only if needed",
                    "Remove --ulimit overrides the container does not need.",
                    ContainerChecks::ulimits),
            new Check<>(
                    "5.20",
                    "Mount propagation not shared",
                    "Mount volumes with private or slave propagation, not shared or rshared.",
                    ContainerChecks::mountPropagation),
            new Check<>(
                    "5.21",
                    "Host UTS namespace not shared",
                    "Run the container without --uts host.",
                    c -> notHostMode(c, "UTSMode")),
            new Check<>(
                    "5.22",
                    "Default seccomp profile not disabled",
                    "Remove --security-opt seccomp=unconfined (and --privileged, which also disables seccomp).",
                    ContainerChecks::seccomp),
            new Check<>(
                    "5.23",
                    "docker exec not used with --privileged",
                    "Do not run docker exec --privileged.",
                    ContainerChecks::privilegedExec),
            new Check<>(
                    "5.24",
                    "docker exec not used as root",
                    "Run docker exec with --user <non-root>.",
                    ContainerChecks::rootExec),
            new Check<>(
                    "5.25",
                    "cgroup usage confirmed",
                    "Remove --cgroup-parent unless the container must run under that cgroup.",
                    ContainerChecks::cgroupParent),
            new Check<>(
                    "5.26",
                    "Container cannot acquire new privileges",
                    "Run the container with --security-opt no-new-privileges (or set it daemon-wide).",
                    ContainerChecks::noNewPrivileges),
            new Check<>(
                    "5.27",
                    "Health checked at runtime",
                    "Add a HEALTHCHECK to the image or --health-cmd to the container.",
                    ContainerChecks::healthCheck),
            new Check<>(
                    "5.28",
                    "Image pinned to a known version",
                    "Refer to the image by digest (image@sha256:...) and refresh it deliberately.",
                    ContainerChecks::pinnedImage),
            new Check<>(
                    "5.29",
                    "PIDs cgroup limit used",
                    "Set --pids-limit.",
                    c -> positive(c.hostConfig().get("PidsLimit"), "HostConfig.PidsLimit")),
            new Check<>(
                    "5.30",
                    "Default bridge docker0 not used",
                    "Attach the container to a user-defined network (docker network create).",
                    ContainerChecks::defaultBridge),
            new Check<>(
                    "5.31",
                    "Host user namespace not shared",
                    "Run the container without --userns host.",
                    c -> notHostMode(c, "UsernsMode")),
            new Check<>(
                    "5.32",
                    "Docker socket not mounted",
                    "Do not mount the Docker or containerd socket (or the directory holding it) into containers.",
                    ContainerChecks::dockerSocket),
            new Check<>(
                    "PL-1",
                    "No secrets in container environment variables",
                    "Pass secrets as files (Docker or Kubernetes secrets, *_FILE variables), not as environment"
                            + " variables, and rotate the exposed ones.",
                    ContainerChecks::noSecretsInEnvironment));

    private ContainerChecks() {}

    /**
     * Judges one container from its {@code GET /containers/{id}/json} document alone: one result per
     * control. Absent fields are read as Docker's defaults, or yield {@code manual} where the
     * verdict needs facts the document does not hold (the daemon's options, the processes).
     *
     * @throws dev.plimsoll.wire.json.JsonShapeException if the text is not JSON
     */
    public static List<ScanResult> evaluate(String containerInspectJson) {
        return evaluate(ContainerFacts.alone(Node.parse(containerInspectJson)));
    }

    /** Judges one container with what the collector learned about it and its daemon. */
    public static List<ScanResult> evaluate(ContainerFacts container) {
        ScanTarget target = container.target();
        List<ScanResult> results = new ArrayList<>(CHECKS.size());
        for (Check<ContainerFacts> check : CHECKS) {
            results.add(check.run(container, target));
        }
        return results;
    }

    // ---- rules ---------------------------------------------------------------------------

    private static Verdict nonRootUser(ContainerFacts c) {
        String user = c.config().get("User").textOr("");
        if (user.isEmpty()) {
            return Verdict.fail("Config.User is empty: the process runs as root");
        }
        String account = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        if (account.equals("0") || account.equals("root")) {
            return Verdict.fail("Config.User=" + user);
        }
        return Verdict.pass("Config.User=" + user);
    }

    private static Verdict appArmorProfile(ContainerFacts c) {
        if (c.daemon().known() && !c.daemon().has("apparmor")) {
            return Verdict.skip("AppArmor is not enabled on this host (no name=apparmor in SecurityOptions)");
        }
        String profile = c.inspect().get("AppArmorProfile").textOr("");
        if (profile.equals("unconfined") || securityOptions(c).contains("apparmor=unconfined")) {
            return Verdict.fail("AppArmor profile is unconfined");
        }
        if (!profile.isEmpty()) {
            return Verdict.pass("AppArmorProfile=" + profile);
        }
        if (c.daemon().known()) {
            return Verdict.fail("no AppArmor profile although AppArmor is enabled on the host");
        }
        return Verdict.manual("no AppArmor profile in the document and whether the host uses AppArmor is unknown");
    }

    private static Verdict selinuxOptions(ContainerFacts c) {
        if (c.daemon().known() && !c.daemon().has("selinux")) {
            return Verdict.skip("SELinux is not enabled on this host (no name=selinux in SecurityOptions)");
        }
        List<String> labels = securityOptions(c).stream()
                .filter(option -> option.startsWith("label=") || option.startsWith("label:"))
                .toList();
        if (labels.stream().anyMatch(label -> label.endsWith("disable"))) {
            return Verdict.fail("SELinux labelling disabled: " + labels);
        }
        if (!labels.isEmpty()) {
            return Verdict.pass("SecurityOpt " + labels);
        }
        if (c.daemon().known()) {
            return Verdict.fail("no SELinux label options although SELinux is enabled on the host");
        }
        return Verdict.manual("no SELinux label options and whether the host uses SELinux is unknown");
    }

    private static Verdict capabilities(ContainerFacts c) {
        List<String> added = capabilityNames(c.hostConfig().get("CapAdd"));
        List<String> dropped = capabilityNames(c.hostConfig().get("CapDrop"));
        String evidence = "CapAdd=" + added + " CapDrop=" + dropped;
        if (added.contains("ALL")) {
            return Verdict.fail(evidence + ": every capability added");
        }
        List<String> beyondDefaults = added.stream()
                .filter(capability -> !DEFAULT_CAPABILITIES.contains(capability))
                .toList();
        if (!beyondDefaults.isEmpty()) {
            return Verdict.fail(evidence + ": beyond Docker's defaults " + beyondDefaults);
        }
        return Verdict.pass(evidence);
    }

    private static Verdict sensitiveMounts(ContainerFacts c) {
        List<String> writable = new ArrayList<>();
        List<String> readOnly = new ArrayList<>();
        for (ContainerMount mount : ContainerMount.of(c.inspect())) {
            if (!mount.isBind()) {
                continue;
            }
            String source = normalise(mount.source());
            for (String dir : SENSITIVE_HOST_DIRS) {
                boolean exact = source.equals(dir);
                boolean below = !dir.equals("/") && source.startsWith(dir + "/");
                if (exact && mount.readWrite() || below && mount.readWrite()) {
                    writable.add(mount.toString());
                } else if (exact) {
                    readOnly.add(mount.toString());
                }
            }
        }
        if (!writable.isEmpty()) {
            return Verdict.fail("host system directories mounted writable: " + writable);
        }
        if (!readOnly.isEmpty()) {
            return Verdict.warn("host system directories mounted read-only: " + readOnly);
        }
        return Verdict.pass("no host system directory mounted");
    }

    private static Verdict noSshd(ContainerFacts c) {
        if (c.processes().isEmpty()) {
            return Verdict.manual("the container's processes are not known (not running, or judged from its document"
                    + " alone): look for sshd inside it");
        }
        List<String> sshd =
                c.processes().get().stream().filter(ContainerChecks::isSshd).toList();
        return sshd.isEmpty()
                ? Verdict.pass(c.processes().get().size() + " processes, no sshd")
                : Verdict.fail("sshd runs in the container: " + sshd);
    }

    private static boolean isSshd(String commandLine) {
        String executable = commandLine.strip().split("\\s+")[0];
        String name = executable.substring(executable.lastIndexOf('/') + 1);
        return name.equals("sshd") || name.equals("sshd:");
    }

    private static Verdict privilegedPorts(ContainerFacts c) {
        List<PublishedPort> low = PublishedPort.of(c.inspect()).stream()
                .filter(port -> port.hostPortNumber() > 0 && port.hostPortNumber() < 1025)
                .toList();
        return low.isEmpty()
                ? Verdict.pass("no host port below 1025 published")
                : Verdict.fail("privileged host ports published: " + low);
    }

    private static Verdict onlyNeededPorts(ContainerFacts c) {
        List<PublishedPort> ports = PublishedPort.of(c.inspect());
        if (ports.isEmpty()) {
            return Verdict.pass("no published ports");
        }
        return Verdict.manual("publishes " + ports + ": confirm each one is needed");
    }

    private static Verdict boundToInterface(ContainerFacts c) {
        List<PublishedPort> ports = PublishedPort.of(c.inspect());
        List<PublishedPort> open =
                ports.stream().filter(PublishedPort::onAllInterfaces).toList();
        if (ports.isEmpty()) {
            return Verdict.pass("no published ports");
        }
        return open.isEmpty()
                ? Verdict.pass("every published port is bound to one address: " + ports)
                : Verdict.fail("published on all host interfaces: " + open);
    }

    private static Verdict cpuLimit(ContainerFacts c) {
        Node hostConfig = c.hostConfig();
        long nanoCpus = hostConfig.get("NanoCpus").longOr(0);
        long quota = hostConfig.get("CpuQuota").longOr(0);
        long shares = hostConfig.get("CpuShares").longOr(0);
        String evidence = "NanoCpus=" + nanoCpus + " CpuQuota=" + quota + " CpuShares=" + shares;
        // 1024 shares is the default weight: setting it limits nothing.
        boolean limited = nanoCpus > 0 || quota > 0 || shares > 0 && shares != 1024;
        return Verdict.passIf(limited, evidence);
    }

    private static Verdict restartPolicy(ContainerFacts c) {
        Node policy = c.hostConfig().get("RestartPolicy");
        String name = policy.get("Name").textOr("");
        long retries = policy.get("MaximumRetryCount").longOr(0);
        return switch (name) {
            case "", "no" -> Verdict.pass("no restart policy");
            case "on-failure" ->
                retries > 0 && retries <= 5
                        ? Verdict.pass("on-failure:" + retries)
                        : Verdict.fail("on-failure:" + retries + (retries == 0 ? " (unlimited retries)" : ""));
            default -> Verdict.fail("RestartPolicy " + name + " restarts without limit");
        };
    }

    private static Verdict devices(ContainerFacts c) {
        List<String> devices = new ArrayList<>();
        for (Node device : c.hostConfig().get("Devices").elements()) {
            devices.add(device.get("PathOnHost").textOr("?") + ":"
                    + device.get("PathInContainer").textOr("?") + ":"
                    + device.get("CgroupPermissions").textOr(""));
        }
        return devices.isEmpty() ? Verdict.pass("no host devices") : Verdict.fail("host devices exposed: " + devices);
    }

    private static Verdict ulimits(ContainerFacts c) {
        List<String> overrides = new ArrayList<>();
        for (Node ulimit : c.hostConfig().get("Ulimits").elements()) {
            overrides.add(ulimit.get("Name").textOr("?") + "="
                    + ulimit.get("Soft").textOr("?") + ":" + ulimit.get("Hard").textOr("?"));
        }
        return overrides.isEmpty()
                ? Verdict.pass("daemon default ulimits")
                : Verdict.manual("ulimits overridden: " + overrides + ": confirm they are needed");
    }

    private static Verdict mountPropagation(ContainerFacts c) {
        List<ContainerMount> shared = ContainerMount.of(c.inspect()).stream()
                .filter(mount -> mount.propagation().equals("shared")
                        || mount.propagation().equals("rshared"))
                .toList();
        return shared.isEmpty()
                ? Verdict.pass("no mount with shared propagation")
                : Verdict.fail("mounts with shared propagation: " + shared);
    }

    private static Verdict seccomp(ContainerFacts c) {
        List<String> unconfined = securityOptions(c).stream()
                .filter(option -> option.equals("seccomp=unconfined") || option.equals("seccomp:unconfined"))
                .toList();
        if (!unconfined.isEmpty()) {
            return Verdict.fail("SecurityOpt " + unconfined);
        }
        if (c.hostConfig().get("Privileged").boolOr(false)) {
            return Verdict.fail("HostConfig.Privileged=true runs the container without seccomp");
        }
        List<String> profile = securityOptions(c).stream()
                .filter(option -> option.startsWith("seccomp"))
                .toList();
        return Verdict.pass(profile.isEmpty() ? "default seccomp profile" : "SecurityOpt " + profile);
    }

    private static Verdict privilegedExec(ContainerFacts c) {
        if (c.execs().isEmpty()) {
            return Verdict.manual("exec sessions are not known here: search the audit log (ausearch -k docker)");
        }
        List<String> privileged = c.execs().get().stream()
                .filter(ExecSession::privileged)
                .map(ExecSession::id)
                .toList();
        if (!privileged.isEmpty()) {
            return Verdict.fail("privileged exec sessions: " + privileged);
        }
        return Verdict.manual("none of the " + c.execs().get().size() + " exec sessions the daemon still knows is"
                + " privileged; earlier ones are only in the audit log (ausearch -k docker)");
    }

    private static Verdict rootExec(ContainerFacts c) {
        if (c.execs().isEmpty()) {
            return Verdict.manual("exec sessions are not known here: search the audit log (ausearch -k docker)");
        }
        String containerUser = c.config().get("User").textOr("");
        List<String> asRoot = c.execs().get().stream()
                .filter(exec -> isRoot(exec.user().isEmpty() ? containerUser : exec.user()))
                .map(ExecSession::id)
                .toList();
        if (!asRoot.isEmpty()) {
            return Verdict.fail("exec sessions as root: " + asRoot);
        }
        return Verdict.manual("none of the " + c.execs().get().size() + " exec sessions the daemon still knows ran"
                + " as root; earlier ones are only in the audit log (ausearch -k docker)");
    }

    private static boolean isRoot(String user) {
        String account = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        return account.isEmpty() || account.equals("0") || account.equals("root");
    }

    private static Verdict cgroupParent(ContainerFacts c) {
        String parent = c.hostConfig().get("CgroupParent").textOr("");
        return parent.isEmpty()
                ? Verdict.pass("default cgroup parent")
                : Verdict.manual("CgroupParent=" + parent + ": confirm the container must run under it");
    }

    private static Verdict noNewPrivileges(ContainerFacts c) {
        for (String option : securityOptions(c)) {
            String normalised = option.replace('=', ':');
            if (normalised.equals("no-new-privileges") || normalised.equals("no-new-privileges:true")) {
                return Verdict.pass("SecurityOpt " + option);
            }
            if (normalised.equals("no-new-privileges:false")) {
                return Verdict.fail("SecurityOpt " + option);
            }
        }
        if (c.daemon().has("no-new-privileges")) {
            return Verdict.pass("no-new-privileges is the daemon's default");
        }
        return Verdict.fail("no-new-privileges not set");
    }

    private static Verdict healthCheck(ContainerFacts c) {
        Node health = c.inspect().path("State", "Health");
        List<String> test = c.config().path("Healthcheck", "Test").strings();
        if (!test.isEmpty() && test.get(0).equals("NONE")) {
            return Verdict.fail("health check disabled (Healthcheck.Test=[NONE])");
        }
        if (health.isPresent()) {
            return Verdict.pass("State.Health.Status=" + health.get("Status").textOr("?"));
        }
        if (!test.isEmpty()) {
            return Verdict.pass("Healthcheck.Test=" + test);
        }
        return Verdict.fail("no health check");
    }

    private static Verdict pinnedImage(ContainerFacts c) {
        String image = c.config().get("Image").textOr("");
        if (image.isEmpty()) {
            return Verdict.manual("the image reference is not in the document");
        }
        if (image.contains("@sha256:") || image.startsWith("sha256:")) {
            return Verdict.pass("Config.Image=" + image);
        }
        return Verdict.manual("runs " + image + " by tag: confirm the tag is the current release");
    }

    private static Verdict defaultBridge(ContainerFacts c) {
        String mode = c.hostConfig().get("NetworkMode").textOr("");
        List<String> networks = c.inspect().path("NetworkSettings", "Networks").names();
        if (mode.isEmpty() && networks.isEmpty()) {
            return Verdict.manual("the network mode is not in the document");
        }
        if (mode.equals("default") || mode.equals("bridge") || networks.contains("bridge")) {
            return Verdict.fail("attached to the default bridge (NetworkMode=" + mode + ", networks " + networks + ")");
        }
        return Verdict.pass("NetworkMode=" + mode + (networks.isEmpty() ? "" : ", networks " + networks));
    }

    private static Verdict dockerSocket(ContainerFacts c) {
        List<String> exposed = new ArrayList<>();
        for (ContainerMount mount : ContainerMount.of(c.inspect())) {
            String source = normalise(mount.source());
            if (source.endsWith("/docker.sock")
                    || source.endsWith("/containerd.sock")
                    || SOCKET_DIRS.contains(source)) {
                exposed.add(mount.toString());
            }
        }
        return exposed.isEmpty()
                ? Verdict.pass("no daemon socket mounted")
                : Verdict.fail("daemon socket reachable through " + exposed);
    }

    private static Verdict noSecretsInEnvironment(ContainerFacts c) {
        List<String> env = c.config().get("Env").strings();
        List<SecretDetector.Finding> findings = SecretDetector.inEnvironment(env);
        return findings.isEmpty()
                ? Verdict.pass(env.size() + " environment variables, none looks like a secret")
                : Verdict.fail("environment variables that look like secrets: "
                        + findings.stream().map(Object::toString).collect(Collectors.joining(", ")));
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static Verdict flag(boolean set, String field) {
        return set ? Verdict.fail(field + "=true") : Verdict.pass(field + "=false");
    }

    private static Verdict notHostMode(ContainerFacts c, String field) {
        String mode = c.hostConfig().get(field).textOr("");
        String evidence = "HostConfig." + field + "=" + (mode.isEmpty() ? "\"\"" : mode);
        return Verdict.passIf(!mode.equals("host"), evidence);
    }

    private static Verdict positive(Node value, String field) {
        long number = value.longOr(0);
        return Verdict.passIf(number > 0, field + "=" + (value.isMissing() ? "unset" : number));
    }

    private static List<String> securityOptions(ContainerFacts c) {
        return c.hostConfig().get("SecurityOpt").strings();
    }

    private static List<String> capabilityNames(Node list) {
        return list.strings().stream()
                .map(name -> name.toUpperCase(Locale.ROOT))
                .map(name -> name.startsWith("CAP_") ? name.substring(4) : name)
                .toList();
    }

    /** A host path without trailing slashes or {@code .} segments, so {@code /etc/} is {@code /etc}. */
    private static String normalise(String path) {
        if (!path.startsWith("/")) {
            return path;
        }
        String normalised = java.nio.file.Path.of(path).normalize().toString();
        return normalised.isEmpty() ? "/" : normalised;
    }
}
