package dev.plimsoll.posture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Current posture per team of the current tenant, from the open control-state intervals of assets
 * seen within the tenant's staleness window, and the daily trend from the rollups.
 */
@ApplicationScoped
public class PostureSummaryService {

    @Inject
    EntityManager entityManager;

    @Transactional
    @SuppressWarnings("unchecked")
    public List<TeamPosture> teams(int trendDays) {
        // Open intervals are found through control_state_team_open_idx (partial index on valid_to is null).
        List<Object[]> current = entityManager.createNativeQuery("""
                        select t.slug, t.name,
                               count(cs.status) filter (where cs.status = 'pass' and not a.stale),
                               count(cs.status) filter (where cs.status in ('fail', 'warn') and not a.stale),
                               count(distinct a.id) filter (where not a.stale),
                               count(distinct a.id) filter (where a.stale)
                          from team t
                          left join (select asset.*, asset.last_seen < now() - make_interval(days => tn.staleness_days) as stale
                                       from asset join tenant tn on tn.id = asset.tenant_id
                                      where asset.gone_at is null) a
                                 on a.tenant_id = t.tenant_id and a.team_id = t.id
                          left join control_state cs
                                 on cs.tenant_id = a.tenant_id and cs.asset_id = a.id and cs.valid_to is null
                         group by t.slug, t.name
                         order by t.slug
                        """).getResultList();
        LocalDate from = LocalDate.now(java.time.ZoneOffset.UTC).minusDays(trendDays);
        List<Object[]> daily =
                entityManager.createNativeQuery("""
                        select t.slug, r.day, sum(r.passed), sum(r.failed)
                          from posture_rollup_daily r join team t on t.tenant_id = r.tenant_id and t.id = r.team_id
                         where r.day >= :from
                         group by t.slug, r.day
                         order by t.slug, r.day
                        """).setParameter("from", from).getResultList();
        Map<String, List<TeamPosture.DailyScore>> trends = new LinkedHashMap<>();
        for (Object[] row : daily) {
            trends.computeIfAbsent((String) row[0], k -> new ArrayList<>())
                    .add(new TeamPosture.DailyScore(
                            (LocalDate) row[1],
                            Score.of(((Number) row[2]).longValue(), ((Number) row[3]).longValue())));
        }
        return current.stream()
                .map(row -> new TeamPosture(
                        (String) row[0],
                        (String) row[1],
                        Score.of(((Number) row[2]).longValue(), ((Number) row[3]).longValue()),
                        ((Number) row[4]).longValue(),
                        ((Number) row[5]).longValue(),
                        trends.getOrDefault((String) row[0], List.of())))
                .toList();
    }
}
