package dev.plimsoll.platform;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts Plimsoll. A failed start-up is reported in one sentence that says what to fix (see
 * {@link StartupFailure}), not as a wall of stack traces; {@code -Dplimsoll.startup.trace=true}
 * shows the full trace.
 */
@QuarkusMain
public final class Launcher {

    private Launcher() {}

    public static void main(String... args) {
        Quarkus.run(
                null,
                (exitCode, failure) -> {
                    if (failure != null) {
                        System.err.println("Plimsoll could not start: " + StartupFailure.explain(failure));
                        if (Boolean.getBoolean("plimsoll.startup.trace")) {
                            failure.printStackTrace();
                        }
                    }
                    System.exit(exitCode);
                },
                args);
    }
}
