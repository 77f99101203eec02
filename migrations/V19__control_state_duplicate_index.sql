-- control_state_asset_idx (V4) has the primary key's columns in the primary key's order: every
-- interval written or closed updated both. The primary key serves the same lookups.
drop index control_state_asset_idx;
