-- Audit reports: requested asynchronously, stored in chunks, signed with the tenant's Ed25519 key.

create table report (
  tenant_id uuid not null references tenant,
  id uuid not null,
  format text not null check (format in ('pdf', 'csv', 'json', 'oscal')),
  scope jsonb not null,
  summary jsonb,
  state text not null check (state in ('queued', 'running', 'done', 'failed')),
  progress smallint not null default 0 check (progress between 0 and 100),
  failure text,
  requested_by text not null,
  requested_at timestamptz not null default now(),
  finished_at timestamptz,
  media_type text,
  file_name text,
  size_bytes bigint,
  sha256 bytea,
  signature bytea,
  key_id text,
  expires_at timestamptz not null,
  primary key (tenant_id, id)
);
create index report_requested_idx on report (tenant_id, requested_at desc);
create index report_sha256_idx on report (tenant_id, sha256) where sha256 is not null;
create index report_expires_idx on report (expires_at);

-- The file in 1 MiB pieces, so that writing and downloading never hold a whole report in memory.
create table report_chunk (
  tenant_id uuid not null,
  report_id uuid not null,
  seq int not null,
  data bytea not null,
  primary key (tenant_id, report_id, seq),
  foreign key (tenant_id, report_id) references report on delete cascade
);

-- One Ed25519 key pair per tenant. The private key (PKCS#8) is sealed with AES-256-GCM under the
-- key-encryption key from configuration (plimsoll.reports.key-encryption-key); the database alone
-- does not reveal it. Keys are never updated or deleted by the application.
create table report_signing_key (
  tenant_id uuid not null references tenant,
  key_id text not null,
  public_key bytea not null,
  sealed_private_key bytea not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id),
  unique (tenant_id, key_id)
);

do $$
declare
  t text;
begin
  foreach t in array array['report', 'report_chunk', 'report_signing_key']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (tenant_id = plimsoll_current_tenant())'
                   ' with check (tenant_id = plimsoll_current_tenant())', t);
  end loop;
end
$$;

-- The retention job runs without a tenant: it may see and delete reports past their expiry, and
-- nothing else, and only when it says so (the chunks follow by the cascade).
create policy prune_expired on report for select
  using (expires_at < now() and current_setting('plimsoll.prune', true) = 'reports');
create policy prune_expired_delete on report for delete
  using (expires_at < now() and current_setting('plimsoll.prune', true) = 'reports');

grant select, insert, update, delete on report to ${app_role};
grant select, insert, delete on report_chunk to ${app_role};
grant select, insert on report_signing_key to ${app_role};
