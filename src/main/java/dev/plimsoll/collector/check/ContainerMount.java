package dev.plimsoll.collector.check;

import dev.plimsoll.wire.json.Node;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One mount of a container, read from whichever of {@code Mounts}, {@code HostConfig.Mounts} and
 * {@code HostConfig.Binds} the document has (a running container has all three; a document made
 * from a pod spec may have only one).
 */
record ContainerMount(String type, String source, String destination, boolean readWrite, String propagation) {

    boolean isBind() {
        return "bind".equals(type);
    }

    @Override
    public String toString() {
        return source + ":" + destination + (readWrite ? "" : ":ro") + (propagation.isEmpty() ? "" : ":" + propagation);
    }

    static List<ContainerMount> of(Node inspect) {
        Map<String, ContainerMount> mounts = new LinkedHashMap<>();
        for (Node mount : inspect.get("Mounts").elements()) {
            add(
                    mounts,
                    new ContainerMount(
                            mount.get("Type").textOr("bind"),
                            mount.get("Source").textOr(""),
                            mount.get("Destination").textOr(""),
                            mount.get("RW").boolOr(true),
                            mount.get("Propagation").textOr("")));
        }
        for (Node mount : inspect.path("HostConfig", "Mounts").elements()) {
            add(
                    mounts,
                    new ContainerMount(
                            mount.get("Type").textOr("volume"),
                            mount.get("Source").textOr(""),
                            mount.get("Target").textOr(""),
                            !mount.get("ReadOnly").boolOr(false),
                            mount.path("BindOptions", "Propagation").textOr("")));
        }
        for (String bind : inspect.path("HostConfig", "Binds").strings()) {
            add(mounts, parseBind(bind));
        }
        return List.copyOf(mounts.values());
    }

    /** {@code source:destination[:options]}, options such as {@code ro}, {@code rshared}, {@code z}. */
    private static ContainerMount parseBind(String bind) {
        String[] parts = bind.split(":");
        String source = parts[0];
        String destination = parts.length > 1 ? parts[1] : "";
        boolean readWrite = true;
        String propagation = "";
        if (parts.length > 2) {
            for (String option : parts[2].split(",")) {
                switch (option) {
                    case "ro" -> readWrite = false;
                    case "shared", "rshared", "slave", "rslave", "private", "rprivate" -> propagation = option;
                    default -> {
                        // z, Z, nocopy, consistent...: irrelevant to these checks
                    }
                }
            }
        }
        return new ContainerMount(
                source.startsWith("/") ? "bind" : "volume", source, destination, readWrite, propagation);
    }

    /** The first description of a mount wins: {@code Mounts} is the daemon's resolved view. */
    private static void add(Map<String, ContainerMount> mounts, ContainerMount mount) {
        mounts.putIfAbsent(mount.destination(), mount);
    }
}
