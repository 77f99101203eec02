package dev.plimsoll.collector.host;

import dev.plimsoll.wire.json.JsonShapeException;
import dev.plimsoll.wire.json.Node;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the daemon was configured: {@code /etc/docker/daemon.json} and the {@code dockerd} command
 * line (read from {@code /proc}). Docker refuses to start when both set the same option, so a
 * setting is looked up in either.
 */
public final class DaemonConfig {

    /** A configured value and where it was found, for evidence ({@code daemon.json "icc"}). */
    public record Setting(String value, String source) {
        @Override
        public String toString() {
            return source + "=" + value;
        }
    }

    public static final String DAEMON_JSON = "/etc/docker/daemon.json";

    private final Node json;
    private final String jsonProblem;
    private final List<String> commandLine;

    DaemonConfig(Node json, String jsonProblem, List<String> commandLine) {
        this.json = json;
        this.jsonProblem = jsonProblem;
        this.commandLine = List.copyOf(commandLine);
    }

    public static DaemonConfig load(HostRoot host, HostProcesses processes) throws IOException {
        Optional<String> text = host.read(DAEMON_JSON);
        Node json = Node.parse("{}");
        String problem = null;
        if (text.isPresent() && !text.get().isBlank()) {
            try {
                json = Node.parse(text.get()).object();
            } catch (JsonShapeException e) {
                problem = DAEMON_JSON + " is not valid JSON: " + e.getMessage();
            }
        }
        List<String> commandLine = processes.commandLineOf("dockerd").orElse(List.of());
        return new DaemonConfig(json, problem, commandLine);
    }

    /** Why daemon.json could not be read, if it could not. */
    public Optional<String> problem() {
        return Optional.ofNullable(jsonProblem);
    }

    /** The dockerd command line, empty when the process was not found. */
    public List<String> commandLine() {
        return commandLine;
    }

    /** A boolean option: {@code daemon.json key} or {@code --flag[=value]}. */
    public Optional<Setting> bool(String key, String... flags) {
        Node value = json.get(key);
        if (value.isPresent()) {
            return Optional.of(new Setting(value.textOr(""), "daemon.json \"" + key + "\""));
        }
        for (int i = commandLine.size() - 1; i >= 0; i--) {
            String arg = commandLine.get(i);
            for (String flag : flags) {
                if (arg.equals(flag)) {
                    return Optional.of(new Setting("true", "dockerd " + flag));
                }
                if (arg.startsWith(flag + "=")) {
                    return Optional.of(new Setting(arg.substring(flag.length() + 1), "dockerd " + flag));
                }
            }
        }
        return Optional.empty();
    }

    /** A single-valued option: {@code daemon.json key} or {@code --flag value} / {@code --flag=value}. */
    public Optional<Setting> text(String key, String... flags) {
        List<Setting> values = list(key, flags);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    /**
     * A repeatable option: the elements of a daemon.json array (or the names of an object, as in
     * {@code default-ulimits}) and every occurrence of the flag.
     */
    public List<Setting> list(String key, String... flags) {
        List<Setting> settings = new ArrayList<>();
        Node value = json.get(key);
        String jsonSource = "daemon.json \"" + key + "\"";
        if (value.isArray()) {
            for (Node element : value.elements()) {
                settings.add(new Setting(element.textOr(String.valueOf(element)), jsonSource));
            }
        } else if (value.isObject()) {
            for (String name : value.names()) {
                settings.add(new Setting(name, jsonSource));
            }
        } else if (value.isPresent()) {
            settings.add(new Setting(value.textOr(""), jsonSource));
        }
        for (int i = 0; i < commandLine.size(); i++) {
            String arg = commandLine.get(i);
            for (String flag : flags) {
                if (arg.startsWith(flag + "=")) {
                    settings.add(new Setting(arg.substring(flag.length() + 1), "dockerd " + flag));
                } else if (arg.equals(flag) && i + 1 < commandLine.size()) {
                    settings.add(new Setting(commandLine.get(i + 1), "dockerd " + flag));
                }
            }
        }
        return settings;
    }
}
