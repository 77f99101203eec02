package dev.plimsoll.collector.check;

import dev.plimsoll.collector.host.HostRoot;
import java.util.List;
import java.util.Optional;

/**
 * Where systemd finds a unit file ({@code systemctl show -p FragmentPath}), looked up without
 * systemd: the first of the unit directories, in systemd's order, that holds it.
 */
final class SystemdUnits {

    private static final List<String> UNIT_DIRS = List.of(
            "/etc/systemd/system",
            "/run/systemd/system",
            "/usr/local/lib/systemd/system",
            "/usr/lib/systemd/system",
            "/lib/systemd/system");

    private SystemdUnits() {}

    static Optional<String> find(HostRoot host, String unit) {
        for (String dir : UNIT_DIRS) {
            String path = dir + "/" + unit;
            if (host.exists(path)) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }
}
