-- A digest of an asset's open intervals, kept by ingestion so that a scan reporting exactly what
-- the asset's open intervals say (the usual repeated scan) need not read them.
--
-- open_digest is null, or the SHA-256 (first 16 bytes) of the asset's open intervals of the
-- benchmark as sorted "control_id NUL status LF" lines, every one of them following the asset's
-- sighting (control_state.last_seen null). Ingestion writes it after a scan in time order of a host
-- or a container that left none of its open intervals out, and sets it null for an asset whose
-- intervals change any other way (a late scan, a container gone). Any other writer of control_state
-- must set it null for the assets it touches; null only costs the comparison.
alter table asset_seen add column open_digest bytea;
