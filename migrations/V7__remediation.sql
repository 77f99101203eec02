-- The remediation workflow: one item per failing (asset, control), kept up to date from the
-- control-state intervals after every scan, with its history; SLA policy per tenant; exceptions
-- (risk acceptance); outgoing notifications and their delivery log.
-- Every table is tenant-owned with the usual row-level security, except remediation_wakeup (see there).

-- After a scan, the remediation items follow the intervals that scan opened or closed: these two
-- indexes find them without reading the asset's whole history.
create index control_state_opened_by_scan_idx on control_state (tenant_id, opened_by_scan);
create index control_state_closed_by_scan_idx on control_state (tenant_id, closed_by_scan)
  where closed_by_scan is not null;

-- Due dates by severity, one row per tenant; a tenant without a row uses the defaults below.
create table sla_policy (
  tenant_id uuid not null references tenant,
  critical_days int not null default 7 check (critical_days between 1 and 3650),
  high_days int not null default 30 check (high_days between 1 and 3650),
  medium_days int not null default 90 check (medium_days between 1 and 3650),
  low_days int not null default 180 check (low_days between 1 and 3650),
  updated_at timestamptz not null default now(),
  updated_by text,
  primary key (tenant_id)
);

-- The days an item of a severity has, for the current tenant ('info' is given the low days).
create function plimsoll_sla_days(p_severity text) returns int
  language sql stable
as $$
  select case p_severity
           when 'critical' then coalesce(max(p.critical_days), 7)
           when 'high' then coalesce(max(p.high_days), 30)
           when 'medium' then coalesce(max(p.medium_days), 90)
           else coalesce(max(p.low_days), 180)
         end
    from sla_policy p where p.tenant_id = plimsoll_current_tenant();
$$;

-- One item per (asset, control) that has ever failed. Items are never deleted: a fixed item is
-- resolved (with the scan that proved it), a failure after a fix reopens it as regressed.
-- group_key puts the same control on many containers of one image (or on one host) together.
create table remediation_item (
  tenant_id uuid not null,
  id uuid not null,
  team_id uuid not null,
  asset_id uuid not null,
  benchmark_id text not null,
  benchmark_version text not null,
  control_id text not null,
  group_key text not null,
  severity text not null,
  state text not null check (state in ('open', 'acknowledged', 'in_progress', 'resolved', 'regressed')),
  opened_at timestamptz not null,
  due_at timestamptz not null,
  failing_scan uuid,
  resolved_at timestamptz,
  resolved_by_scan uuid,
  regressions int not null default 0,
  assignee text,
  excepted_by uuid,
  overdue_notified_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version bigint not null default 0,
  primary key (tenant_id, id),
  unique (tenant_id, asset_id, benchmark_id, control_id),
  foreign key (tenant_id, asset_id) references asset,
  foreign key (tenant_id, team_id) references team
);
create index remediation_item_team_state_idx on remediation_item (tenant_id, team_id, state, due_at);
create index remediation_item_group_idx on remediation_item (tenant_id, benchmark_id, control_id, group_key);

-- What happened to an item, oldest first: opened, resolved, regressed by scans; state, assignee
-- and comments by people; excepted and reopened by exceptions.
create table remediation_event (
  tenant_id uuid not null,
  id uuid not null,
  item_id uuid not null,
  at timestamptz not null default now(),
  kind text not null check (kind in ('opened', 'resolved', 'regressed', 'state', 'assignee', 'comment',
                                     'excepted', 'reopened')),
  actor text not null,
  from_state text,
  to_state text,
  scan_id uuid,
  text text check (length(text) <= 4000),
  primary key (tenant_id, id),
  foreign key (tenant_id, item_id) references remediation_item
);
create index remediation_event_item_idx on remediation_event (tenant_id, item_id, at);

-- Risk acceptance for one control, within one team, optionally narrowed to a host name, an image
-- reference pattern or a container name pattern ('*' and '?' wildcards; match_like is the same
-- pattern as a LIKE pattern). Valid from approval until expires_at.
create table risk_exception (
  tenant_id uuid not null,
  id uuid not null,
  team_id uuid not null,
  benchmark_id text not null,
  control_id text not null,
  scope_kind text not null check (scope_kind in ('team', 'host', 'image', 'container')),
  pattern text,
  match_like text,
  justification text not null check (length(justification) between 10 and 4000),
  state text not null check (state in ('requested', 'approved', 'refused', 'expired')),
  requested_by text not null,
  requested_at timestamptz not null default now(),
  decided_by text,
  decided_at timestamptz,
  decision_note text,
  expires_at timestamptz not null,
  expiry_warned_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version bigint not null default 0,
  primary key (tenant_id, id),
  foreign key (tenant_id, team_id) references team,
  check ((scope_kind = 'team') = (pattern is null))
);
create index risk_exception_control_idx on risk_exception (tenant_id, benchmark_id, control_id, state);

-- Where notifications go: a signed JSON webhook, a Slack-compatible incoming webhook, or e-mail.
create table notification_target (
  tenant_id uuid not null,
  id uuid not null,
  name text not null check (length(name) between 1 and 200),
  kind text not null check (kind in ('webhook', 'slack', 'email')),
  address text not null check (length(address) between 3 and 2000),
  secret text,
  events text[] not null,
  team_id uuid,
  created_by text not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, team_id) references team on delete cascade
);

-- Every notification to every target, with its attempts: the delivery log.
create table notification_delivery (
  tenant_id uuid not null,
  id uuid not null,
  target_id uuid not null,
  event text not null,
  payload jsonb not null,
  state text not null check (state in ('pending', 'delivered', 'failed')),
  attempts int not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_status int,
  last_error text,
  created_at timestamptz not null default now(),
  delivered_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, target_id) references notification_target on delete cascade
);
create index notification_delivery_due_idx on notification_delivery (tenant_id, next_attempt_at) where state = 'pending';

do $$
declare
  t text;
begin
  foreach t in array array['sla_policy', 'remediation_item', 'remediation_event', 'risk_exception',
                           'notification_target', 'notification_delivery']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (tenant_id = plimsoll_current_tenant())'
                   ' with check (tenant_id = plimsoll_current_tenant())', t);
  end loop;
end
$$;

-- The tenants the remediation jobs (exception expiry, overdue notices, notification retries) visit.
-- Jobs run without a tenant and row-level security hides every tenant table from them, so this
-- table holds only tenant ids, nothing of their data; a tenant is added when it first has an item,
-- exception or notification target.
create table remediation_wakeup (
  tenant_id uuid primary key references tenant
);

grant select, insert, update, delete on sla_policy, remediation_item, remediation_event, risk_exception,
  notification_target, notification_delivery to ${app_role};
grant select, insert on remediation_wakeup to ${app_role};
grant execute on function plimsoll_sla_days(text) to ${app_role};
