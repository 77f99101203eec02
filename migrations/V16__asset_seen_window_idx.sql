-- "Why the score moved" looks up the assets that appeared or went between two instants: a range of
-- each index instead of a pass over every asset of the tenant. first_seen is written once (an
-- update that keeps its value still qualifies for a heap-only update) and gone_at rarely.
create index asset_first_seen_idx on asset (tenant_id, first_seen);
create index asset_gone_at_idx on asset (tenant_id, gone_at) where gone_at is not null;
-- Assets reported through no host (the past posture looks them up as never counting).
create index asset_hostless_idx on asset (tenant_id, team_id) where host_id is null and kind <> 'host';
