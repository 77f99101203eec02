-- A first scan opens a remediation item per failing result (some 400 of its 1,600), each with a
-- history row; the three foreign keys below were checked row by row, some 6 to 10 ms of the 20 to
-- 25 ms the statement takes. Items are written by ingestion for assets it created or read in the
-- same transaction, with the team of their interval, and by the workflow after reading them; history
-- rows are written in the statement that writes their item or after reading it; assets, teams and
-- items are never deleted. As for control_state (V18), the consistency check (docs/resilience.md)
-- reports what a key would have refused: an item of no asset or team, a history row of no item.
alter table remediation_item drop constraint remediation_item_tenant_id_asset_id_fkey;
alter table remediation_item drop constraint remediation_item_tenant_id_team_id_fkey;
alter table remediation_event drop constraint remediation_event_tenant_id_item_id_fkey;
