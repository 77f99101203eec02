package dev.plimsoll.remediation;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * For the posture's score with exceptions: how many failing (asset, control) pairs of some teams
 * were covered by an approved exception at an instant. An exception covers from its approval
 * until its expiry (an expired one still covered the past). Counts the assets the posture counts:
 * not gone at T, whose host reported within the tenant's staleness window before T.
 */
public final class ExceptedFailures {

    private ExceptedFailures() {}

    public static long count(Connection db, Array teamIds, Timestamp at) throws SQLException {
        // Driven from the exceptions in force at T (few), then their items and the interval covering T.
        try (PreparedStatement query = db.prepareStatement("""
                select count(distinct (cs.asset_id, cs.benchmark_id, cs.control_id))
                  from risk_exception e, remediation_item i, asset a, tenant tn, control_state cs
                 where e.state in ('approved', 'expired') and e.decided_at <= ? and e.expires_at > ?
                   and %s
                   and tn.id = a.tenant_id
                   and cs.tenant_id = i.tenant_id and cs.asset_id = i.asset_id and cs.benchmark_id = i.benchmark_id
                   and cs.control_id = i.control_id
                   and cs.team_id = any(?) and cs.status in ('fail', 'warn')
                   and cs.valid_from <= ? and (cs.valid_to is null or cs.valid_to > ?)
                   and a.first_seen <= ? and (a.gone_at is null or a.gone_at > ?)
                   and (select max(s.finished_at) from scan s
                         where s.host_asset_id = coalesce(a.host_id, a.id) and s.finished_at <= ?)
                       >= ?::timestamptz - make_interval(days => tn.staleness_days)
                """.formatted(ExceptionService.COVERS))) {
            query.setTimestamp(1, at);
            query.setTimestamp(2, at);
            query.setArray(3, teamIds);
            for (int i = 4; i <= 9; i++) {
                query.setTimestamp(i, at);
            }
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
