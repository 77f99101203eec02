-- control_state_opened_by_scan_idx and control_state_closed_by_scan_idx (V7) let the remediation
-- sync find the intervals a scan opened or closed by the scan's id. Ingestion names those pairs to
-- the sync itself (since the sync takes them as arrays), so nothing in a scan's path reads these
-- indexes any more, and every interval written or closed paid for them. The sync by scan id alone
-- (RemediationSync.afterScan(tenant, scan)) still works, by reading the tenant's intervals.
drop index control_state_opened_by_scan_idx;
drop index control_state_closed_by_scan_idx;
