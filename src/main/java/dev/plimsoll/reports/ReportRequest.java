package dev.plimsoll.reports;

import java.util.List;

/**
 * A request for a report: the format, optionally the teams (slugs or ids) or hosts (names or ids)
 * it covers, the period of the trend ({@code from}–{@code to}, dates), the instant the state is
 * taken at ({@code asOf}), the benchmark ({@code cis-docker:1.6.0}) and whether the PDF carries
 * an evidence appendix.
 */
public record ReportRequest(
        String format,
        List<String> teams,
        List<String> hosts,
        String from,
        String to,
        String asOf,
        String benchmark,
        Boolean evidence) {}
