-- The trend charts' daily points: per team and day, the sums of the daily rollups over every
-- control. A chart of 20 teams over 90 days reads 1,820 rows here instead of the 155,000 rollup
-- rows behind them. Statement triggers on posture_rollup_daily add the differences of every
-- statement that writes rollups (ingestion, the rollup refresh, demo data), in its transaction.
-- Ingestion writes its rollups last, just before it commits, so the row of a team's day is held
-- only for that moment.
create table posture_trend_daily (
  tenant_id uuid not null,
  team_id uuid not null,
  day date not null,
  passed bigint not null default 0,
  failed bigint not null default 0,
  other bigint not null default 0,
  primary key (tenant_id, team_id, day),
  foreign key (tenant_id, team_id) references team on delete cascade
);

alter table posture_trend_daily enable row level security;
alter table posture_trend_daily force row level security;
create policy tenant_isolation on posture_trend_daily
  using (tenant_id = plimsoll_current_tenant()) with check (tenant_id = plimsoll_current_tenant());

grant select, insert, update, delete on posture_trend_daily to ${app_role};

-- Adds the rollup rows a statement wrote, less those it replaced or removed. Rows are taken in
-- key order so that two transactions never wait for each other in opposite orders.
create function plimsoll_trend_change() returns trigger
  language plpgsql
as $$
begin
  if tg_op = 'INSERT' then
    insert into posture_trend_daily as t (tenant_id, team_id, day, passed, failed, other)
    select n.tenant_id, n.team_id, n.day, sum(n.passed), sum(n.failed), sum(n.other)
      from new_rows n
     group by 1, 2, 3
     order by 1, 2, 3
    on conflict (tenant_id, team_id, day) do update
       set passed = t.passed + excluded.passed, failed = t.failed + excluded.failed, other = t.other + excluded.other;
  elsif tg_op = 'DELETE' then
    update posture_trend_daily t
       set passed = t.passed - d.passed, failed = t.failed - d.failed, other = t.other - d.other
      from (select o.tenant_id, o.team_id, o.day, sum(o.passed) as passed, sum(o.failed) as failed,
                   sum(o.other) as other
              from old_rows o
             group by 1, 2, 3
             order by 1, 2, 3) d
     where t.tenant_id = d.tenant_id and t.team_id = d.team_id and t.day = d.day;
  else
    insert into posture_trend_daily as t (tenant_id, team_id, day, passed, failed, other)
    select c.tenant_id, c.team_id, c.day, sum(c.sign * c.passed), sum(c.sign * c.failed), sum(c.sign * c.other)
      from (select n.tenant_id, n.team_id, n.day, n.passed, n.failed, n.other, 1 as sign from new_rows n
            union all
            select o.tenant_id, o.team_id, o.day, o.passed, o.failed, o.other, -1 as sign from old_rows o) c
     group by 1, 2, 3
    having sum(c.sign * c.passed) <> 0 or sum(c.sign * c.failed) <> 0 or sum(c.sign * c.other) <> 0
     order by 1, 2, 3
    on conflict (tenant_id, team_id, day) do update
       set passed = t.passed + excluded.passed, failed = t.failed + excluded.failed, other = t.other + excluded.other;
  end if;
  return null;
end
$$;

create trigger posture_rollup_trend_insert after insert on posture_rollup_daily
  referencing new table as new_rows for each statement execute function plimsoll_trend_change();
create trigger posture_rollup_trend_update after update on posture_rollup_daily
  referencing old table as old_rows new table as new_rows for each statement execute function plimsoll_trend_change();
create trigger posture_rollup_trend_delete after delete on posture_rollup_daily
  referencing old table as old_rows for each statement execute function plimsoll_trend_change();

-- Existing rollups: summed once here, tenant by tenant (row-level security applies to the owner too).
do $$
declare
  t uuid;
begin
  for t in select plimsoll_tenant_ids() loop
    perform set_config('plimsoll.tenant', t::text, true);
    insert into posture_trend_daily (tenant_id, team_id, day, passed, failed, other)
    select tenant_id, team_id, day, sum(passed), sum(failed), sum(other)
      from posture_rollup_daily
     where tenant_id = t
     group by 1, 2, 3;
  end loop;
  perform set_config('plimsoll.tenant', '', true);
end
$$;
