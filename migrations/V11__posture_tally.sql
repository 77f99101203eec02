-- The current posture, kept as a running tally: the open intervals counted per team, scanning
-- host, benchmark and CIS section. "Now" is then a sum over the hosts that count (reported within
-- the staleness window) instead of a pass over every interval of the tenant. Triggers on
-- control_state add the differences of every statement that writes intervals, in its own
-- transaction, whoever writes them (ingestion, demo data, imports of history); past instants
-- still read the intervals.
--
-- scanned_by is the asset whose scans report the counted assets: the host for a host and its
-- containers (and images seen through a host), the asset itself otherwise.
create table posture_tally (
  tenant_id uuid not null,
  team_id uuid not null,
  scanned_by uuid not null,
  benchmark_id text not null,
  section text not null,
  passed int not null default 0,
  failed int not null default 0,
  other int not null default 0,
  primary key (tenant_id, team_id, scanned_by, benchmark_id, section),
  foreign key (tenant_id, team_id) references team on delete cascade
);

alter table posture_tally enable row level security;
alter table posture_tally force row level security;
create policy tenant_isolation on posture_tally
  using (tenant_id = plimsoll_current_tenant()) with check (tenant_id = plimsoll_current_tenant());

grant select, insert, update, delete on posture_tally to ${app_role};

-- Recounts the current tenant's tally from its open intervals (data written without scans, such
-- as demo history, and the check that the running tally is right). Runs as the caller.
create function plimsoll_rebuild_tally() returns void
  language sql volatile
as $$
  delete from posture_tally where tenant_id = plimsoll_current_tenant();
  insert into posture_tally (tenant_id, team_id, scanned_by, benchmark_id, section, passed, failed, other)
  select cs.tenant_id, cs.team_id, coalesce(a.host_id, a.id), cs.benchmark_id, split_part(cs.control_id, '.', 1),
         count(*) filter (where cs.status = 'pass'),
         count(*) filter (where cs.status in ('fail', 'warn')),
         count(*) filter (where cs.status not in ('pass', 'fail', 'warn'))
    from control_state cs
    join asset a on a.tenant_id = cs.tenant_id and a.id = cs.asset_id
   where cs.tenant_id = plimsoll_current_tenant() and cs.valid_to is null
   group by cs.tenant_id, cs.team_id, coalesce(a.host_id, a.id), cs.benchmark_id, split_part(cs.control_id, '.', 1);
$$;
grant execute on function plimsoll_rebuild_tally() to ${app_role};

-- Existing tenants: counted once here.
do $$
declare
  t uuid;
begin
  for t in select plimsoll_tenant_ids() loop
    perform set_config('plimsoll.tenant', t::text, true);
    perform plimsoll_rebuild_tally();
  end loop;
  perform set_config('plimsoll.tenant', '', true);
end
$$;

-- Each statement on control_state moves the tally by what it changed among open intervals:
-- rows are keyed and written in key order, so concurrent scans never wait on each other in a cycle.
create function plimsoll_tally_change() returns trigger
  language plpgsql
as $$
begin
  -- Signed rows (+1: open after the statement, -1: open before), summed per asset and section
  -- first, so that rows which cancel (an update of last_seen alone) never reach the asset lookup.
  -- Each operation has only its own transition tables, hence one source per operation.
  if tg_op = 'INSERT' then
    insert into posture_tally as t (tenant_id, team_id, scanned_by, benchmark_id, section, passed, failed, other)
    select d.tenant_id, d.team_id, coalesce(a.host_id, a.id), d.benchmark_id, d.section, sum(d.p), sum(d.f), sum(d.o)
      from (select c.tenant_id, c.team_id, c.asset_id, c.benchmark_id, split_part(c.control_id, '.', 1) as section,
                   sum(c.sign * (c.status = 'pass')::int) as p,
                   sum(c.sign * (c.status in ('fail', 'warn'))::int) as f,
                   sum(c.sign * (c.status not in ('pass', 'fail', 'warn'))::int) as o
              from (select n.*, 1 as sign from new_rows n where n.valid_to is null) c
             group by 1, 2, 3, 4, 5
            having sum(c.sign * (c.status = 'pass')::int) <> 0
                or sum(c.sign * (c.status in ('fail', 'warn'))::int) <> 0
                or sum(c.sign * (c.status not in ('pass', 'fail', 'warn'))::int) <> 0) d
      join asset a on a.tenant_id = d.tenant_id and a.id = d.asset_id
     group by 1, 2, 3, 4, 5
     order by 1, 2, 3, 4, 5
    on conflict (tenant_id, team_id, scanned_by, benchmark_id, section) do update
       set passed = t.passed + excluded.passed, failed = t.failed + excluded.failed, other = t.other + excluded.other;
  elsif tg_op = 'DELETE' then
    insert into posture_tally as t (tenant_id, team_id, scanned_by, benchmark_id, section, passed, failed, other)
    select d.tenant_id, d.team_id, coalesce(a.host_id, a.id), d.benchmark_id, d.section, sum(d.p), sum(d.f), sum(d.o)
      from (select c.tenant_id, c.team_id, c.asset_id, c.benchmark_id, split_part(c.control_id, '.', 1) as section,
                   sum(c.sign * (c.status = 'pass')::int) as p,
                   sum(c.sign * (c.status in ('fail', 'warn'))::int) as f,
                   sum(c.sign * (c.status not in ('pass', 'fail', 'warn'))::int) as o
              from (select o.*, -1 as sign from old_rows o where o.valid_to is null) c
             group by 1, 2, 3, 4, 5
            having sum(c.sign * (c.status = 'pass')::int) <> 0
                or sum(c.sign * (c.status in ('fail', 'warn'))::int) <> 0
                or sum(c.sign * (c.status not in ('pass', 'fail', 'warn'))::int) <> 0) d
      join asset a on a.tenant_id = d.tenant_id and a.id = d.asset_id
     group by 1, 2, 3, 4, 5
     order by 1, 2, 3, 4, 5
    on conflict (tenant_id, team_id, scanned_by, benchmark_id, section) do update
       set passed = t.passed + excluded.passed, failed = t.failed + excluded.failed, other = t.other + excluded.other;
  else
    insert into posture_tally as t (tenant_id, team_id, scanned_by, benchmark_id, section, passed, failed, other)
    select d.tenant_id, d.team_id, coalesce(a.host_id, a.id), d.benchmark_id, d.section, sum(d.p), sum(d.f), sum(d.o)
      from (select c.tenant_id, c.team_id, c.asset_id, c.benchmark_id, split_part(c.control_id, '.', 1) as section,
                   sum(c.sign * (c.status = 'pass')::int) as p,
                   sum(c.sign * (c.status in ('fail', 'warn'))::int) as f,
                   sum(c.sign * (c.status not in ('pass', 'fail', 'warn'))::int) as o
              from (select n.*, 1 as sign from new_rows n where n.valid_to is null
                    union all
                    select o.*, -1 as sign from old_rows o where o.valid_to is null) c
             group by 1, 2, 3, 4, 5
            having sum(c.sign * (c.status = 'pass')::int) <> 0
                or sum(c.sign * (c.status in ('fail', 'warn'))::int) <> 0
                or sum(c.sign * (c.status not in ('pass', 'fail', 'warn'))::int) <> 0) d
      join asset a on a.tenant_id = d.tenant_id and a.id = d.asset_id
     group by 1, 2, 3, 4, 5
     order by 1, 2, 3, 4, 5
    on conflict (tenant_id, team_id, scanned_by, benchmark_id, section) do update
       set passed = t.passed + excluded.passed, failed = t.failed + excluded.failed, other = t.other + excluded.other;
  end if;
  return null;
end
$$;

create trigger control_state_tally_insert after insert on control_state
  referencing new table as new_rows for each statement execute function plimsoll_tally_change();
create trigger control_state_tally_update after update on control_state
  referencing old table as old_rows new table as new_rows for each statement execute function plimsoll_tally_change();
create trigger control_state_tally_delete after delete on control_state
  referencing old table as old_rows for each statement execute function plimsoll_tally_change();

-- Hosts by last report, for the hosts that count now.
create index asset_host_seen_idx on asset (tenant_id, team_id, last_seen) where kind = 'host';
