-- Plimsoll's first schema.
--
-- Two database roles: the owner (runs these migrations, owns every object) and the
-- application role ${app_role} (reads and writes rows, owns nothing, is never superuser).
-- Every tenant table has tenant_id leading its primary key and its foreign keys, row-level
-- security enabled and forced, and one policy comparing tenant_id with the tenant set for the
-- current transaction (set_config('plimsoll.tenant', ..., true)). An unset or emptied setting
-- matches no row: a forgotten filter returns nothing instead of another tenant's data.

-- The application role: created here when the owner may create roles, otherwise it must exist.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = '${app_role}') then
    if exists (select 1 from pg_roles where rolname = current_user and (rolcreaterole or rolsuper)) then
      execute format('create role %I nologin', '${app_role}');
    else
      raise exception 'The application role "${app_role}" does not exist and % may not create it: create it first (see docs/database.md).', current_user;
    end if;
  end if;
end
$$;

-- The tenant of the current transaction, or null when none is set.
create function plimsoll_current_tenant() returns uuid
  language sql stable parallel safe
  as $$ select nullif(current_setting('plimsoll.tenant', true), '')::uuid $$;

-- ---------------------------------------------------------------------------------------
-- Global reference data: the benchmark catalogue (not tenant-owned, read-only for the app).
-- ---------------------------------------------------------------------------------------
create table benchmark (
  id text not null,
  version text not null,
  title text not null,
  primary key (id, version)
);

create table benchmark_section (
  benchmark_id text not null,
  benchmark_version text not null,
  section text not null,
  title text not null,
  position int not null,
  primary key (benchmark_id, benchmark_version, section),
  foreign key (benchmark_id, benchmark_version) references benchmark
);

create table control (
  benchmark_id text not null,
  benchmark_version text not null,
  control_id text not null,
  section text not null,
  title text not null,
  description text not null,
  level smallint not null check (level in (1, 2)),
  assessment text not null check (assessment in ('automated', 'manual')),
  automatable boolean not null,
  scope text not null check (scope in ('host', 'daemon', 'daemon-files', 'image', 'container', 'operations', 'swarm')),
  severity text not null check (severity in ('critical', 'high', 'medium', 'low', 'info')),
  remediation text not null,
  audit text not null,
  alt_id text,
  primary key (benchmark_id, benchmark_version, control_id),
  foreign key (benchmark_id, benchmark_version) references benchmark
);

create table checklist_item (
  id text primary key,
  position smallint not null,
  title text not null,
  description text not null
);

create table control_checklist (
  benchmark_id text not null,
  benchmark_version text not null,
  control_id text not null,
  checklist_item_id text not null references checklist_item,
  is_primary boolean not null,
  primary key (benchmark_id, benchmark_version, control_id, checklist_item_id),
  foreign key (benchmark_id, benchmark_version, control_id) references control
);

-- ---------------------------------------------------------------------------------------
-- Tenancy and identity
-- ---------------------------------------------------------------------------------------
create table tenant (
  id uuid primary key,
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text not null check (length(name) between 1 and 200),
  staleness_days int not null default 7 check (staleness_days between 1 and 365),
  retention_days int not null default 400 check (retention_days between 30 and 3650),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version bigint not null default 0
);

create table team (
  tenant_id uuid not null references tenant,
  id uuid not null,
  slug text not null check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version bigint not null default 0,
  primary key (tenant_id, id),
  unique (tenant_id, slug)
);

-- A person's place in a tenant: invited by e-mail, bound to the token subject at first login.
create table membership (
  tenant_id uuid not null references tenant,
  id uuid not null,
  email text not null check (email = lower(email) and length(email) between 3 and 320),
  subject text,
  display_name text,
  role text not null check (role in ('org-admin', 'security-manager', 'auditor', 'team-member')),
  invited_at timestamptz not null default now(),
  bound_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version bigint not null default 0,
  primary key (tenant_id, id),
  unique (tenant_id, email)
);
create unique index membership_subject_uq on membership (tenant_id, subject) where subject is not null;
create index membership_subject_idx on membership (subject) where subject is not null;
create index membership_email_idx on membership (email) where subject is null;

create table membership_team (
  tenant_id uuid not null,
  membership_id uuid not null,
  team_id uuid not null,
  primary key (tenant_id, membership_id, team_id),
  foreign key (tenant_id, membership_id) references membership on delete cascade,
  foreign key (tenant_id, team_id) references team on delete cascade
);

-- Collector tokens: only a SHA-256 of the secret is kept, with a short prefix for display.
create table collector_token (
  tenant_id uuid not null,
  id uuid not null,
  team_id uuid not null,
  name text not null check (length(name) between 1 and 200),
  prefix text not null,
  secret_hash bytea not null unique,
  created_by text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz,
  updated_at timestamptz not null default now(),
  version bigint not null default 0,
  primary key (tenant_id, id),
  foreign key (tenant_id, team_id) references team
);

-- ---------------------------------------------------------------------------------------
-- Inventory, scans and control-state intervals
-- ---------------------------------------------------------------------------------------
-- An asset is a host (key: machine id), a container (key: host asset id + name, because ids
-- change when a container is recreated) or an image (key: image id / digest).
create table asset (
  tenant_id uuid not null,
  id uuid not null,
  team_id uuid not null,
  kind text not null check (kind in ('host', 'container', 'image')),
  natural_key text not null,
  host_id uuid,
  name text not null,
  image_ref text,
  image_id text,
  attributes jsonb not null default '{}'::jsonb,
  first_seen timestamptz not null,
  last_seen timestamptz not null,
  gone_at timestamptz,
  primary key (tenant_id, id),
  unique (tenant_id, kind, natural_key),
  foreign key (tenant_id, team_id) references team,
  foreign key (tenant_id, host_id) references asset
);
create index asset_team_idx on asset (tenant_id, team_id, kind);
create index asset_host_idx on asset (tenant_id, host_id) where host_id is not null;

-- One accepted scan. The client-chosen scan id is the idempotency key within a tenant.
create table scan (
  tenant_id uuid not null,
  id uuid not null,
  team_id uuid not null,
  host_asset_id uuid not null,
  source text not null check (source in ('native', 'docker-bench', 'trivy', 'kube-bench', 'hdf')),
  benchmark_id text not null,
  benchmark_version text not null,
  collector_token_id uuid,
  started_at timestamptz not null,
  finished_at timestamptz not null,
  received_at timestamptz not null default now(),
  result_count int not null,
  passed int not null,
  failed int not null,
  unknown_controls int not null default 0,
  content_sha256 bytea not null,
  primary key (tenant_id, id),
  foreign key (tenant_id, team_id) references team,
  foreign key (tenant_id, host_asset_id) references asset
);
create index scan_host_time_idx on scan (tenant_id, host_asset_id, finished_at desc);
create index scan_received_idx on scan (tenant_id, received_at);

-- The raw document as received (gzip), kept as evidence under the tenant's retention policy.
create table scan_document (
  tenant_id uuid not null,
  scan_id uuid not null,
  media_type text not null,
  raw_gzip bytea not null,
  raw_sha256 bytea not null,
  raw_size int not null,
  received_at timestamptz not null default now(),
  primary key (tenant_id, scan_id),
  foreign key (tenant_id, scan_id) references scan on delete cascade
);

-- Per asset and control, intervals of one status: [valid_from, valid_to). valid_to is null for
-- the current state. A scan closes the intervals whose status changed and opens new ones; an
-- unchanged result only moves last_seen.
create table control_state (
  tenant_id uuid not null,
  asset_id uuid not null,
  benchmark_id text not null,
  benchmark_version text not null,
  control_id text not null,
  valid_from timestamptz not null,
  valid_to timestamptz,
  team_id uuid not null,
  status text not null check (status in ('pass', 'fail', 'warn', 'info', 'manual', 'skip', 'error')),
  evidence text,
  last_seen timestamptz not null,
  opened_by_scan uuid not null,
  closed_by_scan uuid,
  close_reason text check (close_reason in ('changed', 'gone')),
  primary key (tenant_id, asset_id, benchmark_id, control_id, valid_from),
  foreign key (tenant_id, asset_id) references asset,
  foreign key (tenant_id, team_id) references team,
  check (valid_to is null or valid_to >= valid_from)
);
-- At most one open interval per (asset, control); also the index behind "current posture".
create unique index control_state_open_uq
  on control_state (tenant_id, asset_id, benchmark_id, control_id) where valid_to is null;
create index control_state_team_open_idx
  on control_state (tenant_id, team_id, control_id) where valid_to is null;
create index control_state_asof_idx
  on control_state (tenant_id, team_id, valid_from, valid_to);

-- Daily per-team, per-control counts derived from the intervals, for trend charts.
create table posture_rollup_daily (
  tenant_id uuid not null,
  team_id uuid not null,
  day date not null,
  benchmark_id text not null,
  control_id text not null,
  passed int not null default 0,
  failed int not null default 0,
  other int not null default 0,
  primary key (tenant_id, team_id, day, benchmark_id, control_id),
  foreign key (tenant_id, team_id) references team
);

-- ---------------------------------------------------------------------------------------
-- Audit log: append-only, hash-chained per tenant (the app may insert and read, never change).
-- ---------------------------------------------------------------------------------------
create table audit_event (
  tenant_id uuid not null references tenant,
  seq bigint not null,
  id uuid not null,
  occurred_at timestamptz not null default now(),
  actor_kind text not null check (actor_kind in ('user', 'operator', 'collector', 'system')),
  actor text not null,
  action text not null,
  target_type text not null,
  target_id text,
  before jsonb,
  after jsonb,
  prev_hash bytea,
  hash bytea not null,
  primary key (tenant_id, seq),
  unique (tenant_id, id)
);

-- ---------------------------------------------------------------------------------------
-- Row-level security: the second wall.
-- ---------------------------------------------------------------------------------------
do $$
declare
  t text;
begin
  foreach t in array array['team', 'membership', 'membership_team', 'collector_token', 'asset',
                           'scan', 'scan_document', 'control_state', 'posture_rollup_daily',
                           'audit_event']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (tenant_id = plimsoll_current_tenant())'
                   ' with check (tenant_id = plimsoll_current_tenant())', t);
  end loop;
end
$$;

-- A tenant row is visible to its own transactions only.
alter table tenant enable row level security;
alter table tenant force row level security;
create policy tenant_self on tenant
  using (id = plimsoll_current_tenant()) with check (id = plimsoll_current_tenant());

-- ---------------------------------------------------------------------------------------
-- The two look-ups that happen before a tenant is known, each limited to what the caller
-- already proves: a person's own memberships (by the token subject set in plimsoll.subject,
-- and pending invitations by the verified e-mail in plimsoll.email), and a collector token by
-- the SHA-256 of the secret it presented (plimsoll.token_hash, hex).
-- ---------------------------------------------------------------------------------------
create policy own_memberships on membership for select
  using (subject = nullif(current_setting('plimsoll.subject', true), ''));
create policy own_invitations on membership for select
  using (subject is null and email = nullif(current_setting('plimsoll.email', true), ''));
create policy bind_own_invitations on membership for update
  using (subject is null and email = nullif(current_setting('plimsoll.email', true), ''))
  with check (subject = nullif(current_setting('plimsoll.subject', true), ''));
create policy tenants_of_own_memberships on tenant for select
  using (id in (select m.tenant_id from membership m
                 where m.subject = nullif(current_setting('plimsoll.subject', true), '')));
create policy presented_token on collector_token for select
  using (secret_hash = decode(nullif(current_setting('plimsoll.token_hash', true), ''), 'hex'));

-- ---------------------------------------------------------------------------------------
-- Grants for the application role.
-- ---------------------------------------------------------------------------------------
grant usage on schema public to ${app_role};
grant select on benchmark, benchmark_section, control, checklist_item, control_checklist to ${app_role};
grant select, insert, update, delete on tenant, team, membership, membership_team, collector_token,
  asset, scan, scan_document, control_state, posture_rollup_daily to ${app_role};
grant select, insert on audit_event to ${app_role};
grant execute on function plimsoll_current_tenant() to ${app_role};
