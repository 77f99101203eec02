-- Which hosts reported within a window before an instant: one range of this index (the scans of
-- those days, host ids included) instead of one probe per host of the tenant. Scans are only
-- inserted, so the range is read from the index alone once vacuum has seen the pages.
create index scan_finished_idx on scan (tenant_id, finished_at) include (host_asset_id);
