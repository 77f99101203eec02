package dev.plimsoll.collector.host;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The host's file system as seen from the collector: {@code /} on the host itself, or a directory
 * where it is mounted (e.g. {@code /host} in a container started with {@code -v /:/host:ro}).
 *
 * <p>Paths are host paths ({@code /etc/docker/daemon.json}). Symbolic links are resolved inside the
 * root, the way the host would resolve them: the host's {@code /var/run -> /run} must not lead to
 * the collector container's own {@code /run}.
 */
public final class HostRoot {

    private static final int MAX_LINKS = 40;

    private final Path root;

    public HostRoot(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The file behind a host path, following links within the root; empty if it does not exist. */
    public Optional<Path> resolve(String hostPath) {
        List<String> pending = new ArrayList<>(segments(hostPath));
        List<String> resolved = new ArrayList<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String segment = pending.remove(0);
            if (segment.equals(".") || segment.isEmpty()) {
                continue;
            }
            if (segment.equals("..")) {
                if (!resolved.isEmpty()) {
                    resolved.remove(resolved.size() - 1);
                }
                continue;
            }
            resolved.add(segment);
            Path candidate = inside(resolved);
            if (Files.isSymbolicLink(candidate)) {
                if (++links > MAX_LINKS) {
                    return Optional.empty();
                }
                String target;
                try {
                    target = Files.readSymbolicLink(candidate).toString();
                } catch (IOException e) {
                    return Optional.empty();
                }
                resolved.remove(resolved.size() - 1);
                if (target.startsWith("/")) {
                    resolved.clear();
                }
                pending.addAll(0, segments(target));
            } else if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
        }
        return Optional.of(inside(resolved));
    }

    public boolean exists(String hostPath) {
        return resolve(hostPath).isPresent();
    }

    /** The text of a host file; empty when it does not exist. */
    public Optional<String> read(String hostPath) throws IOException {
        Optional<Path> file = resolve(hostPath);
        if (file.isEmpty() || !Files.isRegularFile(file.get())) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file.get(), StandardCharsets.UTF_8));
        } catch (NoSuchFileException vanished) {
            return Optional.empty();
        } catch (MalformedInputException binary) {
            return Optional.of(new String(Files.readAllBytes(file.get()), StandardCharsets.ISO_8859_1));
        }
    }

    /** Owner, group and mode of a host file; empty when it does not exist. */
    public Optional<FileFacts> stat(String hostPath) throws IOException {
        Optional<Path> file = resolve(hostPath);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> unix = Files.readAttributes(file.get(), "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
        return Optional.of(new FileFacts(
                hostPath, (Integer) unix.get("uid"), (Integer) unix.get("gid"), (Integer) unix.get("mode") & 07777));
    }

    /** The names in a host directory, sorted; none when it does not exist. */
    public List<String> list(String hostDir) throws IOException {
        Optional<Path> dir = resolve(hostDir);
        if (dir.isEmpty() || !Files.isDirectory(dir.get())) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir.get())) {
            return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
        }
    }

    private Path inside(List<String> segments) {
        Path path = root;
        for (String segment : segments) {
            path = path.resolve(segment);
        }
        return path;
    }

    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }
}
