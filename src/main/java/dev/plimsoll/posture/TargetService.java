package dev.plimsoll.posture;

import dev.plimsoll.identity.Caller;
import dev.plimsoll.identity.Roles;
import dev.plimsoll.platform.db.TenantChanges;
import dev.plimsoll.platform.error.ProblemException;
import dev.plimsoll.tenancy.TeamService;
import dev.plimsoll.tenancy.TeamView;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Posture targets per team: members of the team read them, org admins and security managers set them. */
@ApplicationScoped
public class TargetService {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TeamService teams;

    @Inject
    PostureService posture;

    @Inject
    Caller caller;

    @Inject
    TenantChanges changes;

    /** The team's target with its progress as of T (the target itself is the current one). */
    @Transactional
    public PostureTarget of(String team, Instant asOf) {
        Posture now = posture.asOf(team, asOf);
        return of(team, asOf, Score.of(now.passed(), now.failed()));
    }

    /** As {@link #of(String, Instant)}, with the team's score as of T already known (the overview has it). */
    @Transactional
    public PostureTarget of(String team, Instant asOf, Score score) {
        TeamView view = teams.visible(team);
        Instant at = asOf == null ? Instant.now() : asOf;
        Score now = score;
        try (Connection db = dataSource.getConnection();
                PreparedStatement query = db.prepareStatement(
                        "select target_percent, due, set_by, set_at from posture_target where team_id = ?")) {
            query.setObject(1, view.id());
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return new PostureTarget(
                            view.slug(),
                            null,
                            null,
                            null,
                            null,
                            now.percent(),
                            now.passed(),
                            now.failed(),
                            0,
                            0,
                            "none");
                }
                BigDecimal target = rows.getBigDecimal(1);
                LocalDate due = rows.getDate(2).toLocalDate();
                long needed = fixesNeeded(target, now.passed(), now.failed());
                LocalDate today = at.atZone(ZoneOffset.UTC).toLocalDate();
                long daysLeft = Math.max(0, ChronoUnit.DAYS.between(today, due));
                String state = needed == 0 && now.passed() + now.failed() > 0
                        ? "met"
                        : today.isAfter(due) ? "overdue" : "open";
                return new PostureTarget(
                        view.slug(),
                        target,
                        due,
                        rows.getString(3),
                        rows.getTimestamp(4).toInstant(),
                        now.percent(),
                        now.passed(),
                        now.failed(),
                        needed,
                        daysLeft,
                        state);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the target", e);
        }
    }

    @Transactional
    public PostureTarget set(String team, PostureTarget.Request request) {
        String role = caller.requireMembership().role();
        if (!Roles.ORG_ADMIN.equals(role) && !Roles.SECURITY_MANAGER.equals(role)) {
            throw ProblemException.forbidden("Only org admins and security managers set targets.");
        }
        TeamView view = teams.visible(team);
        if (request == null) {
            throw ProblemException.invalidField("", "A JSON body is required.");
        }
        BigDecimal target = request.targetPercent();
        if (target == null || target.signum() <= 0 || target.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw ProblemException.invalidField("/targetPercent", "targetPercent must be above 0 and at most 100.");
        }
        if (target.scale() > 2) {
            throw ProblemException.invalidField("/targetPercent", "targetPercent has at most two decimals.");
        }
        if (request.due() == null) {
            throw ProblemException.invalidField("/due", "due is required (a date like 2027-03-31).");
        }
        try (Connection db = dataSource.getConnection();
                PreparedStatement upsert = db.prepareStatement("""
                        insert into posture_target (tenant_id, team_id, target_percent, due, set_by, set_at)
                        values (?, ?, ?, ?, ?, now())
                        on conflict (tenant_id, team_id) do update
                           set target_percent = excluded.target_percent, due = excluded.due,
                               set_by = excluded.set_by, set_at = excluded.set_at
                        """)) {
            upsert.setObject(1, caller.tenantId());
            upsert.setObject(2, view.id());
            upsert.setBigDecimal(3, target);
            upsert.setDate(4, Date.valueOf(request.due()));
            upsert.setString(5, caller.email().orElse(caller.subject()));
            upsert.executeUpdate();
            changes.changed();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot save the target", e);
        }
        return of(view.slug(), null);
    }

    /** The fewest failing results that must pass for passed / (passed + failed) to reach the target. */
    static long fixesNeeded(BigDecimal targetPercent, long passed, long failed) {
        long counted = passed + failed;
        if (counted == 0) {
            return 0;
        }
        // smallest x with (passed + x) * 100 >= target * counted
        BigDecimal required = targetPercent
                .multiply(BigDecimal.valueOf(counted))
                .divide(BigDecimal.valueOf(100), 0, java.math.RoundingMode.CEILING);
        return Math.max(0, Math.min(failed, required.longValueExact() - passed));
    }
}
