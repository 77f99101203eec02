-- Indexes for the dashboard's reads on large tenants (see docs/benchmarks.md).
--
-- The overview's "changes of the week" counts the intervals that began in the seven days before
-- an instant, across the tenant: without an index leading with valid_from it reads every interval.
create index control_state_from_idx on control_state (tenant_id, valid_from);
