-- Ingestion: what the scan and state writers need beyond the first schema.

-- Unknown control ids are kept (their results are stored like any other) and flagged on the scan.
alter table scan add column unknown_control_ids text[] not null default '{}';
-- Where the scan came from (the token that posted it is collector_token_id).
alter table scan add column media_type text not null default 'application/json';

-- Most scans only move last_seen of open intervals: leave room on each page so that update stays
-- on the page (a HOT update, no index change).
alter table control_state set (fillfactor = 80);

-- The intervals of one asset over time (the out-of-order path reads them all).
create index control_state_asset_idx on control_state (tenant_id, asset_id, benchmark_id, control_id, valid_from);

-- Scans of one host and benchmark in time order: the observations an out-of-order scan is placed
-- between.
create index scan_host_benchmark_time_idx on scan (tenant_id, host_asset_id, benchmark_id, finished_at);

-- Raw documents past their tenant's retention are pruned; the scan row, intervals and rollups stay.
create index scan_document_received_idx on scan_document (tenant_id, received_at);

-- Jobs that run for every tenant (pruning, rollups of a new day) list the tenants here; the
-- function runs as its owner, who alone may read every tenant row (row-level security is forced
-- on the owner too), and returns ids only.
create policy tenant_ids_for_jobs on tenant for select to current_user using (true);
create function plimsoll_tenant_ids() returns setof uuid
  language sql stable security definer set search_path = public
as $$
  select id from tenant order by id;
$$;
revoke all on function plimsoll_tenant_ids() from public;
grant execute on function plimsoll_tenant_ids() to ${app_role};
