package dev.plimsoll.remediation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the remediation workflow ({@code plimsoll.remediation.*}). */
@ConfigMapping(prefix = "plimsoll.remediation")
public interface RemediationConfig {

    /** The wait before the first retry of a failed notification; it doubles with each attempt. */
    @WithDefault("PT30S")
    Duration retryBackoff();

    /** Attempts of one notification before it is marked failed in the delivery log. */
    @WithDefault("6")
    int maxAttempts();

    /** Connect and answer timeout of one webhook call. */
    @WithDefault("PT10S")
    Duration webhookTimeout();

    /** How often the workflow's clock runs (exception expiry, overdue notices, retries); "off" stops it. */
    @WithDefault("60s")
    String clockEvery();

    /** How long before its expiry an approved exception is announced as expiring. */
    @WithDefault("P7D")
    Duration expiryWarning();
}
