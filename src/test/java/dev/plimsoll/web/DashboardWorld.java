package dev.plimsoll.web;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.plimsoll.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * Two tenants for page tests: ours with teams alpha and beta (a host, a container and a scan with
 * its raw document each; hostile text in names and evidence) and members of every role (the
 * team member in alpha only); a foreign tenant with team gamma. Page sessions through {@link WebLogin}.
 */
final class DashboardWorld {

    static final String HOSTILE =
            "\"'><script>alert(1)</script><a href=\"javascript:alert(2)\">click</a><img src=x onerror=alert(3)>";

    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    final Fixtures.TenantFixture own = Fixtures.tenant();
    final Fixtures.TenantFixture foreign = Fixtures.tenant();
    final UUID alpha = own.team("alpha");
    final UUID beta = own.team("beta");
    final UUID gamma = foreign.team("gamma");
    final Map<String, String> subjects = new LinkedHashMap<>();
    final String foreignSubject;
    final UUID alphaHost;
    final UUID alphaContainer;
    final UUID betaHost;
    final UUID gammaHost;
    final UUID alphaScan;
    final UUID betaScan;
    final UUID gammaScan;
    final byte[] alphaRaw;
    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    DashboardWorld() {
        Fixtures.update("update team set name = ? where id = ?", "Beta " + HOSTILE, beta);
        for (String role : new String[] {"org-admin", "security-manager", "auditor"}) {
            subjects.put(role, person(own, role));
        }
        subjects.put("team-member", person(own, "team-member", alpha));
        foreignSubject = person(foreign, "org-admin");
        alphaHost = asset(own, alpha, "host", "alpha-host-" + suffix, null);
        alphaContainer = asset(own, alpha, "container", "alpha-ctr-" + suffix + HOSTILE, alphaHost);
        betaHost = asset(own, beta, "host", "beta-host-" + suffix, null);
        gammaHost = asset(foreign, gamma, "host", "gamma-host-" + suffix, null);
        alphaRaw = ("{\"host\":\"alpha-host-" + suffix + "\",\"results\":[]}").getBytes(StandardCharsets.UTF_8);
        alphaScan = scan(own, alpha, alphaHost, alphaRaw);
        betaScan = scan(own, beta, betaHost, "{\"host\":\"beta\"}".getBytes(StandardCharsets.UTF_8));
        gammaScan = scan(foreign, gamma, gammaHost, "{\"host\":\"gamma\"}".getBytes(StandardCharsets.UTF_8));
        state(own, alpha, alphaHost, "2.1", "fail", HOSTILE);
        state(own, alpha, alphaHost, "2.2", "pass", "ok");
        state(own, alpha, alphaContainer, "5.1", "fail", HOSTILE);
        state(own, beta, betaHost, "2.1", "fail", "beta evidence");
        state(foreign, gamma, gammaHost, "2.1", "fail", "gamma evidence");
    }

    Map<String, String> session(WireMockServer oidc, String role) {
        String subject = role.equals("foreign") ? foreignSubject : subjects.get(role);
        return WebLogin.session(oidc, subject, subject + "@example.com");
    }

    private static String person(Fixtures.TenantFixture tenant, String role, UUID... teams) {
        String subject = "user-" + UUID.randomUUID();
        UUID membership = UUID.randomUUID();
        Fixtures.update(
                "insert into membership (tenant_id, id, email, subject, role, bound_at) values (?, ?, ?, ?, ?, now())",
                tenant.id(),
                membership,
                subject + "@example.com",
                subject,
                role);
        for (UUID team : teams) {
            Fixtures.update(
                    "insert into membership_team (tenant_id, membership_id, team_id) values (?, ?, ?)",
                    tenant.id(),
                    membership,
                    team);
        }
        return subject;
    }

    /** A host of beta that stopped reporting 30 days ago, with one container; answers the host's id. */
    UUID staleHost(String host, String container) {
        Instant lastSeen = now.minus(30, ChronoUnit.DAYS);
        UUID id = asset(own, beta, "host", host, null, lastSeen);
        asset(own, beta, "container", container, id, lastSeen);
        return id;
    }

    private UUID asset(Fixtures.TenantFixture tenant, UUID team, String kind, String name, UUID host) {
        return asset(tenant, team, kind, name, host, now);
    }

    private UUID asset(
            Fixtures.TenantFixture tenant, UUID team, String kind, String name, UUID host, Instant lastSeen) {
        UUID id = UUID.randomUUID();
        Fixtures.update(
                "insert into asset (tenant_id, id, team_id, kind, natural_key, host_id, name, first_seen, last_seen)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                tenant.id(),
                id,
                team,
                kind,
                "k-" + id,
                host,
                name,
                Timestamp.from(lastSeen.minus(3, ChronoUnit.DAYS)),
                Timestamp.from(lastSeen));
        return id;
    }

    private UUID scan(Fixtures.TenantFixture tenant, UUID team, UUID host, byte[] raw) {
        UUID id = UUID.randomUUID();
        Fixtures.update(
                "insert into scan (tenant_id, id, team_id, host_asset_id, source, benchmark_id, benchmark_version,"
                        + " started_at, finished_at, result_count, passed, failed, content_sha256)"
                        + " values (?, ?, ?, ?, 'native', 'cis-docker', '1.6.0', ?, ?, 3, 1, 2, '\\x00')",
                tenant.id(),
                id,
                team,
                host,
                Timestamp.from(now.minus(1, ChronoUnit.HOURS)),
                Timestamp.from(now.minus(1, ChronoUnit.HOURS)));
        Fixtures.update(
                "insert into scan_document (tenant_id, scan_id, media_type, raw_gzip, raw_sha256, raw_size) values (?, ?, 'application/json', ?, ?, ?)",
                tenant.id(),
                id,
                gzip(raw),
                sha256(raw),
                raw.length);
        return id;
    }

    private void state(
            Fixtures.TenantFixture tenant, UUID team, UUID asset, String control, String status, String evidence) {
        Fixtures.update(
                "insert into control_state (tenant_id, asset_id, benchmark_id, benchmark_version, control_id, valid_from, team_id,"
                        + " status, evidence, last_seen, opened_by_scan) values (?, ?, 'cis-docker', '1.6.0', ?, ?, ?, ?, ?, ?, ?)",
                tenant.id(),
                asset,
                control,
                Timestamp.from(now.minus(2, ChronoUnit.DAYS)),
                team,
                status,
                evidence,
                Timestamp.from(now),
                UUID.randomUUID());
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    static byte[] sha256(byte[] raw) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(raw);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
