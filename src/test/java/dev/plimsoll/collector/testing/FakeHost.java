package dev.plimsoll.collector.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * A host root in a temporary directory: files, unix sockets and links with chosen modes and (as
 * root) owners. {@link #hardened} lays out a host that meets the benchmark's host-side checks.
 */
public final class FakeHost {

    public static final int DOCKER_GID = 999;

    public static final String DAEMON_JSON = """
            {
              "icc": false,
              "log-level": "info",
              "userns-remap": "default",
              "no-new-privileges": true,
              "live-restore": true,
              "userland-proxy": false,
              "log-driver": "syslog",
              "default-ulimits": {"nofile": {"Name": "nofile", "Hard": 64000, "Soft": 64000}}
            }
            """;

    private final Path root;

    public FakeHost(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public static boolean canChangeOwners() {
        return "root".equals(System.getProperty("user.name"));
    }

    public static FakeHost hardened(Path root) {
        FakeHost host = new FakeHost(root);
        host.file("/etc/machine-id", "4f3a9c0e5b7d4e1f8a2b6c9d0e1f2a3b\n", 0444)
                .file("/etc/hostname", "web-01\n", 0644)
                .file("/etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n", 0644)
                .file("/etc/group", "root:x:0:\ndocker:x:" + DOCKER_GID + ":alice\nalice:x:1000:\n", 0644)
                .file(
                        "/etc/passwd",
                        "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n",
                        0644)
                .dir("/etc/docker", 0755)
                .file("/etc/docker/daemon.json", DAEMON_JSON, 0644)
                .file("/lib/systemd/system/docker.service", "[Service]\nExecStart=/usr/bin/dockerd -H fd://\n", 0644)
                .file("/lib/systemd/system/docker.socket", "[Socket]\nListenStream=/run/docker.sock\n", 0644)
                .file("/usr/bin/dockerd", "", 0755)
                .file("/usr/bin/containerd", "", 0755)
                .file("/usr/bin/containerd-shim-runc-v2", "", 0755)
                .file("/usr/bin/runc", "", 0755)
                .file("/etc/containerd/config.toml", "version = 2\n", 0644)
                .dir("/var/lib/docker", 0710)
                .dir("/run", 0755)
                .symlink("/var/run", "/run")
                .socket("/run/docker.sock", 0660)
                .owner("/run/docker.sock", 0, DOCKER_GID)
                .socket("/run/containerd/containerd.sock", 0660)
                .file("/etc/audit/rules.d/docker.rules", """
                        -w /usr/bin/dockerd -k docker
                        -w /run/containerd -k docker
                        -w /var/lib/docker -k docker
                        -w /etc/docker -k docker
                        -w /lib/systemd/system/docker.service -k docker
                        -w /run/containerd/containerd.sock -k docker
                        -w /lib/systemd/system/docker.socket -k docker
                        -w /etc/docker/daemon.json -k docker
                        -w /etc/containerd/config.toml -k docker
                        -w /usr/bin/containerd -k docker
                        -w /usr/bin/containerd-shim-runc-v2 -k docker
                        -a always,exit -F path=/usr/bin/runc -F perm=x -k docker
                        """, 0640)
                .file("/proc/1/mountinfo", """
                        22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
                        31 22 8:17 / /var/lib/docker rw,relatime shared:13 - xfs /dev/sdb1 rw
                        """, 0444)
                .process(
                        412,
                        "dockerd",
                        "/usr/bin/dockerd",
                        "-H",
                        "fd://",
                        "--containerd=/run/containerd/containerd.sock")
                .process(977, "falco", "/usr/bin/falco", "--modern-bpf");
        return host;
    }

    public FakeHost file(String path, String content, int mode) {
        Path file = at(path);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return mode(path, mode);
    }

    public FakeHost dir(String path, int mode) {
        try {
            Files.createDirectories(at(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return mode(path, mode);
    }

    /** A real unix socket file, as the daemon leaves it. */
    public FakeHost socket(String path, int mode) {
        Path file = at(path);
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return mode(path, mode);
    }

    public FakeHost symlink(String link, String target) {
        Path file = at(link);
        try {
            Files.createDirectories(file.getParent());
            Files.createSymbolicLink(file, Path.of(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A process in the host's /proc: its name and NUL-separated command line. */
    public FakeHost process(int pid, String name, String... commandLine) {
        file("/proc/" + pid + "/comm", name + "\n", 0444);
        return file("/proc/" + pid + "/cmdline", String.join("\0", commandLine) + "\0", 0444);
    }

    public FakeHost mode(String path, int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(order[bit]);
            }
        }
        try {
            Files.setPosixFilePermissions(resolved(path), permissions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Changes owner and group (as root); a no-op for other users, whose tests of owners are skipped. */
    public FakeHost owner(String path, int uid, int gid) {
        if (!canChangeOwners()) {
            return this;
        }
        try {
            Files.setAttribute(resolved(path), "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(resolved(path), "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public FakeHost delete(String path) {
        try {
            Files.deleteIfExists(at(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private Path at(String hostPath) {
        return root.resolve(hostPath.replaceFirst("^/+", ""));
    }

    /** The host path with /var/run read as /run, as the host's own link says. */
    private Path resolved(String hostPath) {
        return at(hostPath.startsWith("/var/run/") ? hostPath.substring("/var".length()) : hostPath);
    }
}
