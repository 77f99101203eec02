-- Daily rollups are derived from the control-state intervals: the status of each
-- (asset, control) at the end of a UTC day is the interval covering that instant.
-- Recomputing a range of days for one team is one set-based statement; ingestion calls it for
-- the days a late or out-of-order scan touched, and the demo data for its whole history.
-- Runs as the caller, so row-level security keeps it inside the current tenant.
create function plimsoll_refresh_rollups(p_team uuid, p_from date, p_to date) returns void
  language sql volatile
as $$
  delete from posture_rollup_daily
   where tenant_id = plimsoll_current_tenant() and team_id = p_team and day between p_from and p_to;

  -- control_state_asof_idx (tenant_id, team_id, valid_from, valid_to) bounds the join per day.
  insert into posture_rollup_daily (tenant_id, team_id, day, benchmark_id, control_id, passed, failed, other)
  select cs.tenant_id, cs.team_id, d.day, cs.benchmark_id, cs.control_id,
         count(*) filter (where cs.status = 'pass'),
         count(*) filter (where cs.status in ('fail', 'warn')),
         count(*) filter (where cs.status not in ('pass', 'fail', 'warn'))
    from (select g::date as day, (g::date + 1)::timestamp at time zone 'UTC' as day_end
            from generate_series(p_from, p_to, interval '1 day') g) d
    join control_state cs
      on cs.tenant_id = plimsoll_current_tenant() and cs.team_id = p_team
     and cs.valid_from < d.day_end and (cs.valid_to is null or cs.valid_to >= d.day_end)
   group by cs.tenant_id, cs.team_id, d.day, cs.benchmark_id, cs.control_id;
$$;

grant execute on function plimsoll_refresh_rollups(uuid, date, date) to ${app_role};
