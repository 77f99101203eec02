-- When each asset was last scanned for each benchmark. A repeated scan that confirms what the
-- previous one said moves one row per asset here instead of one row per result in control_state.
--
-- control_state.last_seen now means: null on an open interval whose pair every scan of its asset
-- has reported since the interval began, so it was last seen when the asset was (this table);
-- a time where the pair was last reported before a scan of its asset left it out, and on every
-- closed interval. The last time a pair was seen is coalesce(control_state.last_seen,
-- asset_seen.last_seen).
create table asset_seen (
  tenant_id uuid not null,
  asset_id uuid not null,
  benchmark_id text not null,
  last_seen timestamptz not null,
  primary key (tenant_id, asset_id, benchmark_id),
  foreign key (tenant_id, asset_id) references asset
);

alter table asset_seen enable row level security;
alter table asset_seen force row level security;
create policy tenant_isolation on asset_seen
  using (tenant_id = plimsoll_current_tenant()) with check (tenant_id = plimsoll_current_tenant());

grant select, insert, update, delete on asset_seen to ${app_role};

-- Updated by every scan of its asset: leave room for the new row version on the same page.
alter table asset_seen set (fillfactor = 50);

alter table control_state alter column last_seen drop not null;

-- Existing intervals keep their explicit last_seen, which stays true; the next scan of each asset
-- that reports the pair again hands it over to this table. Row-level security applies to the
-- owner too, hence one tenant at a time.
do $$
declare
  t uuid;
begin
  for t in select plimsoll_tenant_ids() loop
    perform set_config('plimsoll.tenant', t::text, true);
    insert into asset_seen (tenant_id, asset_id, benchmark_id, last_seen)
    select tenant_id, asset_id, benchmark_id, max(last_seen)
      from control_state
     where tenant_id = t
     group by 1, 2, 3;
  end loop;
  perform set_config('plimsoll.tenant', '', true);
end
$$;
