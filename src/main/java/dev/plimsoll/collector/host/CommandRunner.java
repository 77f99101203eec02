package dev.plimsoll.collector.host;

import java.util.List;

/** Runs a host command such as {@code auditctl -l}; replaced by a fake in tests. */
@FunctionalInterface
public interface CommandRunner {

    /** What came of running a command. */
    record Outcome(boolean installed, int exitCode, String output, String error) {

        public static Outcome notInstalled(String why) {
            return new Outcome(false, -1, "", why);
        }

        public boolean succeeded() {
            return installed && exitCode == 0;
        }
    }

    Outcome run(List<String> command);
}
