-- Intervals by when they ended: what changed between two instants is read from the intervals that
-- began or ended between them (control_state_from_idx and this), not from the whole tenant.
create index control_state_to_idx on control_state (tenant_id, valid_to) where valid_to is not null;
