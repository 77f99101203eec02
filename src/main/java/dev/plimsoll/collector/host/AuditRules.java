package dev.plimsoll.collector.host;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The host's audit rules: the loaded ones from {@code auditctl -l} where it works, else the
 * configured ones in {@code /etc/audit/audit.rules} and {@code /etc/audit/rules.d/*.rules}.
 * When neither can be read, {@link #problem} says why and the audit checks cannot decide.
 */
public record AuditRules(List<String> rules, String source, String problem, boolean commandFailed) {

    public AuditRules {
        rules = List.copyOf(rules);
    }

    public static AuditRules load(HostRoot host, CommandRunner commands) throws IOException {
        CommandRunner.Outcome auditctl = commands.run(List.of("auditctl", "-l"));
        if (auditctl.succeeded()) {
            return new AuditRules(meaningfulLines(auditctl.output()), "auditctl -l", null, false);
        }
        List<String> rules = new ArrayList<>();
        List<String> files = new ArrayList<>();
        if (host.exists("/etc/audit/audit.rules")) {
            files.add("/etc/audit/audit.rules");
        }
        for (String name : host.list("/etc/audit/rules.d")) {
            if (name.endsWith(".rules")) {
                files.add("/etc/audit/rules.d/" + name);
            }
        }
        for (String file : files) {
            rules.addAll(meaningfulLines(host.read(file).orElse("")));
        }
        String why = auditctl.installed()
                ? "auditctl -l failed (exit " + auditctl.exitCode() + ": " + auditctl.error() + ")"
                : "auditctl is not installed";
        if (files.isEmpty()) {
            return new AuditRules(
                    List.of(), "none", why + " and no rules file exists under /etc/audit", auditctl.installed());
        }
        return new AuditRules(rules, String.join(", ", files) + " (" + why + ")", null, false);
    }

    public boolean available() {
        return problem == null;
    }

    /** Whether some rule watches {@code path} ({@code -w path} or {@code -F path=}/{@code dir=}). */
    public boolean watches(String path) {
        Pattern mention = Pattern.compile("(^|[\\s=])" + Pattern.quote(path) + "/?(\\s|$)");
        return rules.stream().anyMatch(rule -> mention.matcher(rule).find());
    }

    private static List<String> meaningfulLines(String text) {
        return text.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#") && !line.equals("No rules"))
                .toList();
    }
}
