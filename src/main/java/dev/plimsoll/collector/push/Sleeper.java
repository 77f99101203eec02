package dev.plimsoll.collector.push;

import java.time.Duration;

/** Waits between delivery attempts; tests replace it to keep waits out of the test run. */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
