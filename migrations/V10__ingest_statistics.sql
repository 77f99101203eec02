-- The planner's statistics follow the tables that ingestion grows quickly. With the defaults a
-- table is analysed again only after 10 % of it changed, so a tenant that starts reporting into a
-- large database stays unknown to the planner for long, and its key lookups are planned as if the
-- tenant had no rows (scans of whole tenants instead of index lookups).
alter table control_state set (autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 2000,
                               autovacuum_vacuum_scale_factor = 0.05);
alter table remediation_item set (autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 500);
alter table asset set (autovacuum_analyze_scale_factor = 0.01, autovacuum_analyze_threshold = 200);
alter table scan set (autovacuum_analyze_scale_factor = 0.02, autovacuum_analyze_threshold = 500);
alter table posture_rollup_daily set (autovacuum_analyze_scale_factor = 0.02, autovacuum_analyze_threshold = 1000);
