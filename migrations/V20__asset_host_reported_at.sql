-- Every scan moves last_seen on its host's container rows (some 50 per scan). asset_host_seen_idx
-- (V11) indexed last_seen for hosts only, but an index on a column makes every update of that column
-- write new entries into all of the table's indexes, whatever the row. The hosts' index now reads a
-- column only hosts have a value in, so a container row whose last_seen alone moves is updated in
-- place on its page (a heap-only update), and pages keep room for that.
alter table asset set (fillfactor = 85);
alter table asset add column reported_at timestamptz
  generated always as (case when kind = 'host' then last_seen end) stored;
drop index asset_host_seen_idx;
create index asset_host_reported_idx on asset (tenant_id, team_id, reported_at) where kind = 'host';
