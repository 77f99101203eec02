package dev.plimsoll.collector.check;

import dev.plimsoll.wire.json.Node;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The daemon's security options ({@code GET /info} {@code SecurityOptions}) that change how a
 * container is judged: whether AppArmor or SELinux apply at all, and daemon-wide
 * no-new-privileges. {@link #UNKNOWN} when a container is judged alone, without its daemon.
 */
public record DaemonSecurity(boolean known, Set<String> options) {

    public static final DaemonSecurity UNKNOWN = new DaemonSecurity(false, Set.of());

    public DaemonSecurity {
        options = Set.copyOf(options);
    }

    /**
     * Reads {@code SecurityOptions} entries such as {@code name=seccomp,profile=builtin} into
     * their names ({@code seccomp}).
     */
    public static DaemonSecurity fromInfo(Node info) {
        Set<String> names = new LinkedHashSet<>();
        for (String option : info.get("SecurityOptions").strings()) {
            for (String part : option.split(",")) {
                if (part.startsWith("name=")) {
                    names.add(part.substring("name=".length()));
                }
            }
        }
        return new DaemonSecurity(true, names);
    }

    public boolean has(String name) {
        return options.contains(name);
    }
}
