-- The assets that exist now, counted per team and scanning host (scanned_by: the host for a host
-- and its containers and images, the asset itself otherwise). "How many assets count now" is then
-- a sum over the hosts that reported within the staleness window, and the assets that do not
-- count are looked up only under the hosts that did not, instead of a pass over every asset of
-- the tenant. An asset exists while it has no gone_at. Statement triggers on asset add the
-- differences of every statement that writes assets; a scan that only moves last_seen changes no
-- count and so writes no row here.
create table asset_tally (
  tenant_id uuid not null,
  team_id uuid not null,
  scanned_by uuid not null,
  assets int not null default 0,
  primary key (tenant_id, team_id, scanned_by),
  foreign key (tenant_id, team_id) references team on delete cascade
);

alter table asset_tally enable row level security;
alter table asset_tally force row level security;
create policy tenant_isolation on asset_tally
  using (tenant_id = plimsoll_current_tenant()) with check (tenant_id = plimsoll_current_tenant());

grant select, insert, update, delete on asset_tally to ${app_role};

-- Recounts the current tenant's asset tally (and the check that the running one is right).
create function plimsoll_rebuild_asset_tally() returns void
  language sql volatile
as $$
  delete from asset_tally where tenant_id = plimsoll_current_tenant();
  insert into asset_tally (tenant_id, team_id, scanned_by, assets)
  select a.tenant_id, a.team_id, coalesce(a.host_id, a.id), count(*)
    from asset a
   where a.tenant_id = plimsoll_current_tenant() and a.gone_at is null
   group by 1, 2, 3;
$$;
grant execute on function plimsoll_rebuild_asset_tally() to ${app_role};

-- Each operation has only its own transition tables, hence one statement per operation. Rows are
-- taken in key order so that two transactions never wait for each other in opposite orders.
create function plimsoll_asset_tally_change() returns trigger
  language plpgsql
as $$
begin
  if tg_op = 'INSERT' then
    insert into asset_tally as t (tenant_id, team_id, scanned_by, assets)
    select n.tenant_id, n.team_id, coalesce(n.host_id, n.id), count(*)
      from new_rows n
     where n.gone_at is null
     group by 1, 2, 3
     order by 1, 2, 3
    on conflict (tenant_id, team_id, scanned_by) do update set assets = t.assets + excluded.assets;
  elsif tg_op = 'DELETE' then
    update asset_tally t
       set assets = t.assets - d.assets
      from (select o.tenant_id, o.team_id, coalesce(o.host_id, o.id) as scanned_by, count(*) as assets
              from old_rows o
             where o.gone_at is null
             group by 1, 2, 3
             order by 1, 2, 3) d
     where t.tenant_id = d.tenant_id and t.team_id = d.team_id and t.scanned_by = d.scanned_by;
  else
    insert into asset_tally as t (tenant_id, team_id, scanned_by, assets)
    select c.tenant_id, c.team_id, c.scanned_by, sum(c.sign)
      from (select n.tenant_id, n.team_id, coalesce(n.host_id, n.id) as scanned_by, 1 as sign
              from new_rows n where n.gone_at is null
            union all
            select o.tenant_id, o.team_id, coalesce(o.host_id, o.id), -1
              from old_rows o where o.gone_at is null) c
     group by 1, 2, 3
    having sum(c.sign) <> 0
     order by 1, 2, 3
    on conflict (tenant_id, team_id, scanned_by) do update set assets = t.assets + excluded.assets;
  end if;
  return null;
end
$$;

create trigger asset_tally_insert after insert on asset
  referencing new table as new_rows for each statement execute function plimsoll_asset_tally_change();
create trigger asset_tally_update after update on asset
  referencing old table as old_rows new table as new_rows for each statement execute function plimsoll_asset_tally_change();
create trigger asset_tally_delete after delete on asset
  referencing old table as old_rows for each statement execute function plimsoll_asset_tally_change();

-- Existing tenants: counted once here.
do $$
declare
  t uuid;
begin
  for t in select plimsoll_tenant_ids() loop
    perform set_config('plimsoll.tenant', t::text, true);
    perform plimsoll_rebuild_asset_tally();
  end loop;
  perform set_config('plimsoll.tenant', '', true);
end
$$;
