package dev.plimsoll.reports;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * What a report covers, resolved and checked at request time: the teams (all the requester may
 * see when none were named), the hosts (none: every host of those teams), the trend period, the
 * instant of the state, and the benchmark (null: every benchmark, as the dashboards count).
 */
public record ReportScope(
        boolean wholeTenant,
        List<Team> teams,
        List<Host> hosts,
        LocalDate from,
        LocalDate to,
        Instant asOf,
        String benchmarkId,
        String benchmarkVersion,
        boolean evidence) {

    /** A team in scope. */
    public record Team(UUID id, String slug, String name) {}

    /** A host in scope. */
    public record Host(UUID id, String name) {}

    public List<UUID> teamIds() {
        return teams.stream().map(Team::id).toList();
    }

    public List<UUID> hostIds() {
        return hosts.stream().map(Host::id).toList();
    }

    public String benchmarkLabel() {
        return benchmarkId == null ? "all benchmarks" : benchmarkId + " " + benchmarkVersion;
    }

    public String describe() {
        String who = wholeTenant
                ? "whole tenant"
                : "teams " + String.join(", ", teams.stream().map(Team::slug).toList());
        if (!hosts.isEmpty()) {
            who += "; hosts " + String.join(", ", hosts.stream().map(Host::name).toList());
        }
        return who;
    }
}
