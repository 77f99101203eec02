package dev.plimsoll.reports;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Settings of the audit reports ({@code plimsoll.reports.*}). */
@ConfigMapping(prefix = "plimsoll.reports")
public interface ReportsConfig {

    /**
     * The secret that seals each tenant's private signing key (AES-256-GCM; any text of at least
     * 32 characters, hashed with SHA-256 to the key). Without it no report can be signed.
     */
    Optional<String> keyEncryptionKey();

    /** How many reports are generated at once; the others wait in state queued. */
    @WithDefault("2")
    int workers();

    /** Rows fetched from the database per round trip while a report streams its rows. */
    @WithDefault("2000")
    int fetchSize();

    /** The most failing results listed in a PDF's evidence appendix (the CSV and JSON list all). */
    @WithDefault("5000")
    int evidenceAppendixLimit();

    /**
     * PostgreSQL {@code work_mem} for a report's statements (a full-tenant CSV sorts every result of
     * the tenant; in memory it is several times faster than on disk).
     */
    @WithDefault("256MB")
    String workMem();

    /** The longest a report may take to generate, in seconds. */
    @WithDefault("1800")
    int timeoutSeconds();
}
