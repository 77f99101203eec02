package dev.plimsoll.collector.check;

import dev.plimsoll.collector.host.DaemonConfig;
import dev.plimsoll.collector.host.FileFacts;
import dev.plimsoll.collector.host.HostRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * CIS section 3 (daemon configuration files): owners and permission bits.
 *
 * <p>Modes are compared as permission bits, never as numbers: "644 or more restrictive" means no
 * bit outside {@code rw-r--r--} is set, so 0606 fails (it is world-writable) although 606 &lt; 644.
 */
public final class DaemonFileChecks {

    /** Which host files a check is about: none (not applicable), or one or more paths. */
    @FunctionalInterface
    private interface Locator {
        List<String> locate(HostFacts facts) throws IOException;
    }

    static final List<Check<HostFacts>> CHECKS = List.of(
            rootOwned("3.1", "docker.service unit file", unit("docker.service")),
            modeAtMost("3.2", "docker.service unit file", unit("docker.service"), 0644),
            rootOwned("3.3", "docker.socket unit file", unit("docker.socket")),
            modeAtMost("3.4", "docker.socket unit file", unit("docker.socket"), 0644),
            rootOwned("3.5", "/etc/docker", fixed("/etc/docker")),
            modeAtMost("3.6", "/etc/docker", fixed("/etc/docker"), 0755),
            rootOwned("3.7", "registry certificates", DaemonFileChecks::registryCertificates),
            modeAtMost("3.8", "registry certificates", DaemonFileChecks::registryCertificates, 0444),
            rootOwned("3.9", "TLS CA certificate", tlsFile("tlscacert")),
            modeAtMost("3.10", "TLS CA certificate", tlsFile("tlscacert"), 0444),
            rootOwned("3.11", "server certificate", tlsFile("tlscert")),
            modeAtMost("3.12", "server certificate", tlsFile("tlscert"), 0444),
            rootOwned("3.13", "server key", tlsFile("tlskey")),
            modeAtMost("3.14", "server key", tlsFile("tlskey"), 0400),
            new Check<>(
                    "3.15",
                    "Docker socket owned by root:docker",
                    "chown root:docker /var/run/docker.sock",
                    owner(fixed("/var/run/docker.sock"), DaemonFileChecks::rootAndDockerGroup)),
            modeAtMost("3.16", "Docker socket", fixed("/var/run/docker.sock"), 0660),
            rootOwned("3.17", "daemon.json", fixed(DaemonConfig.DAEMON_JSON)),
            modeAtMost("3.18", "daemon.json", fixed(DaemonConfig.DAEMON_JSON), 0644),
            rootOwned("3.19", "/etc/default/docker", fixed("/etc/default/docker")),
            modeAtMost("3.20", "/etc/default/docker", fixed("/etc/default/docker"), 0644),
            modeAtMost("3.21", "/etc/sysconfig/docker", fixed("/etc/sysconfig/docker"), 0644),
            rootOwned("3.22", "/etc/sysconfig/docker", fixed("/etc/sysconfig/docker")),
            rootOwned("3.23", "containerd socket", fixed("/run/containerd/containerd.sock")),
            modeAtMost("3.24", "containerd socket", fixed("/run/containerd/containerd.sock"), 0660));

    private DaemonFileChecks() {}

    // ---- check builders --------------------------------------------------------------------

    private static Check<HostFacts> rootOwned(String control, String what, Locator locator) {
        return new Check<>(
                control,
                what + " owned by root:root",
                "chown root:root <file> for: " + what + ".",
                owner(locator, (facts, file) -> file.uid() == 0 && file.gid() == 0));
    }

    private static Check<HostFacts> modeAtMost(String control, String what, Locator locator, int allowed) {
        String mask = String.format("%03o", allowed);
        return new Check<>(
                control,
                what + " permissions " + mask + " or more restrictive",
                "chmod " + mask + " <file> (or stricter) for: " + what + ".",
                judgeEach(locator, file -> {
                    int extra = file.bitsBeyond(allowed);
                    return extra == 0
                            ? Optional.empty()
                            : Optional.of(file.path() + " mode " + file.octalMode() + " sets "
                                    + String.format("%03o", extra) + " beyond " + mask);
                }));
    }

    private interface OwnerRule {
        boolean accepts(HostFacts facts, FileFacts file);
    }

    private static Function<HostFacts, Verdict> owner(Locator locator, OwnerRule rule) {
        return facts -> judgeEach(
                        locator,
                        file -> rule.accepts(facts, file)
                                ? Optional.empty()
                                : Optional.of(file.path() + " owned by " + file.uid() + ":" + file.gid()))
                .apply(facts);
    }

    /** Judges every located file; a problem found in any of them fails the check. */
    private static Function<HostFacts, Verdict> judgeEach(
            Locator locator, Function<FileFacts, Optional<String>> problem) {
        return facts -> {
            try {
                List<String> paths = locator.locate(facts);
                if (paths.isEmpty()) {
                    return Verdict.skip("no such file on this host");
                }
                List<FileFacts> files = new ArrayList<>();
                for (String path : paths) {
                    facts.host().stat(path).ifPresent(files::add);
                }
                if (files.isEmpty()) {
                    return Verdict.skip(String.join(", ", paths) + " does not exist on this host");
                }
                List<String> problems = new ArrayList<>();
                for (FileFacts file : files) {
                    problem.apply(file).ifPresent(problems::add);
                }
                if (!problems.isEmpty()) {
                    return Verdict.fail(String.join("; ", problems));
                }
                return Verdict.pass(files.size() == 1 ? files.get(0).toString() : files.size() + " files: " + files);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    // ---- where the files are ---------------------------------------------------------------

    private static Locator fixed(String path) {
        return facts -> List.of(path);
    }

    private static Locator unit(String name) {
        return facts -> SystemdUnits.find(facts.host(), name).map(List::of).orElse(List.of());
    }

    /** A TLS file named in daemon.json or on the dockerd command line; none when TLS is not set up. */
    private static Locator tlsFile(String key) {
        return facts -> {
            if (facts.daemon().problem().isPresent()) {
                throw new IOException(facts.daemon().problem().get());
            }
            return facts.daemon()
                    .text(key, "--" + key)
                    .map(setting -> List.of(setting.value()))
                    .orElse(List.of());
        };
    }

    private static List<String> registryCertificates(HostFacts facts) throws IOException {
        HostRoot host = facts.host();
        List<String> certificates = new ArrayList<>();
        for (String registry : host.list("/etc/docker/certs.d")) {
            String dir = "/etc/docker/certs.d/" + registry;
            for (String file : host.list(dir)) {
                if (file.endsWith(".crt") || file.endsWith(".cert") || file.endsWith(".pem")) {
                    certificates.add(dir + "/" + file);
                }
            }
        }
        return certificates;
    }

    private static boolean rootAndDockerGroup(HostFacts facts, FileFacts socket) {
        OptionalInt docker = dockerGid(facts.host());
        // root:root is stricter than root:docker and therefore also acceptable.
        return socket.uid() == 0 && (socket.gid() == 0 || docker.isPresent() && socket.gid() == docker.getAsInt());
    }

    private static OptionalInt dockerGid(HostRoot host) {
        try {
            for (String line : host.read("/etc/group").orElse("").lines().toList()) {
                String[] fields = line.split(":", -1);
                if (fields.length >= 3 && fields[0].equals("docker")) {
                    return OptionalInt.of(Integer.parseInt(fields[2]));
                }
            }
            return OptionalInt.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
