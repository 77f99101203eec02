package dev.plimsoll.collector.check;

import dev.plimsoll.wire.json.Node;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A container port published on the host, from {@code NetworkSettings.Ports} (what is bound) and
 * {@code HostConfig.PortBindings} (what was asked for; all a document made from a pod spec has).
 */
record PublishedPort(String containerPort, String hostIp, String hostPort) {

    /** Whether it listens on every host interface (an empty HostIp means the same to Docker). */
    boolean onAllInterfaces() {
        return hostIp.isEmpty() || hostIp.equals("0.0.0.0") || hostIp.equals("::");
    }

    /** The host port as a number; 0 when Docker picks one from the ephemeral range. */
    int hostPortNumber() {
        try {
            return hostPort.isEmpty() ? 0 : Integer.parseInt(hostPort);
        } catch (NumberFormatException notANumber) {
            return 0;
        }
    }

    @Override
    public String toString() {
        String ip = hostIp.isEmpty() ? "0.0.0.0" : hostIp;
        return ip + ":" + (hostPort.isEmpty() ? "*" : hostPort) + "->" + containerPort;
    }

    /** The bound ports when the container runs, else the requested ones. */
    static List<PublishedPort> of(Node inspect) {
        Set<PublishedPort> ports = new LinkedHashSet<>();
        collect(inspect.path("NetworkSettings", "Ports"), ports);
        if (ports.isEmpty()) {
            collect(inspect.path("HostConfig", "PortBindings"), ports);
        }
        return List.copyOf(ports);
    }

    private static void collect(Node portMap, Set<PublishedPort> ports) {
        for (String containerPort : portMap.names()) {
            for (Node binding : portMap.get(containerPort).elements()) {
                ports.add(new PublishedPort(
                        containerPort,
                        binding.get("HostIp").textOr(""),
                        binding.get("HostPort").textOr("")));
            }
        }
    }
}
