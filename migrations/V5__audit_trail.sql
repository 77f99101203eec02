-- The audit trail: who changed what, when and from where, as a per-tenant hash chain.
--
-- audit_event (V1) gains who the actor is in words (their e-mail), and where the change came
-- from (client address and user agent). Each event's hash is the SHA-256 of a canonical
-- serialisation of its fields, which include the previous event's hash; seq counts 1, 2, 3, …
-- per tenant without gaps. audit_head keeps, per tenant, the last seq and hash, so that removing
-- events from the end of the chain (which leaves a shorter, still consistent chain) is detected.
--
-- Why a trigger owned by the owner role: the chain is computed inside the database, in the
-- inserting transaction, while the tenant's head row is locked (SELECT ... FOR UPDATE). Concurrent
-- appends of one tenant therefore queue on that row lock until the earlier transaction commits or
-- rolls back, so seq has no gaps (a rolled-back append rolls back its head update too) and no two
-- events share a predecessor. Tenants do not wait for each other. The application role may only
-- SELECT and INSERT audit_event and only SELECT audit_head: it cannot choose seq, hash, prev_hash
-- or occurred_at (the trigger overwrites them), cannot edit or delete events, and cannot move the
-- head. The trigger function is SECURITY DEFINER so that it alone updates the head.

alter table audit_event
  add column actor_label text,
  add column source_ip text,
  add column user_agent text;

create index audit_event_time_idx on audit_event (tenant_id, occurred_at);
create index audit_event_target_idx on audit_event (tenant_id, target_type, target_id);

create table audit_head (
  tenant_id uuid primary key references tenant,
  seq bigint not null check (seq >= 0),
  hash bytea not null,
  updated_at timestamptz not null default now()
);

alter table audit_head enable row level security;
alter table audit_head force row level security;
create policy tenant_isolation on audit_head using (tenant_id = plimsoll_current_tenant())
  with check (tenant_id = plimsoll_current_tenant());

-- One field of the canonical form: "~" for null, otherwise "<length in UTF-8 bytes>:<value>".
-- The length prefix makes the concatenation unambiguous whatever the values contain.
create function audit_field(v text) returns text
  language sql immutable parallel safe
  as $$ select case when v is null then '~' else octet_length(convert_to(v, 'UTF8'))::text || ':' || v end $$;

-- The canonical serialisation of an event that its hash covers (docs/audit.md describes it, and
-- AuditChain in Java recomputes it independently when the chain is verified).
create function audit_event_canonical(e audit_event) returns text
  language sql stable parallel safe
  as $$
    select 'plimsoll-audit-v1'
        || audit_field(e.tenant_id::text)
        || audit_field(e.seq::text)
        || audit_field(e.id::text)
        || audit_field(to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
        || audit_field(e.actor_kind)
        || audit_field(e.actor)
        || audit_field(e.actor_label)
        || audit_field(e.source_ip)
        || audit_field(e.user_agent)
        || audit_field(e.action)
        || audit_field(e.target_type)
        || audit_field(e.target_id)
        || audit_field(e.before::text)
        || audit_field(e.after::text)
        || audit_field(encode(e.prev_hash, 'hex'))
  $$;

create function audit_event_chain() returns trigger
  language plpgsql security definer
  set search_path = public, pg_temp
  as $$
declare
  head_seq bigint;
  head_hash bytea;
begin
  insert into audit_head (tenant_id, seq, hash) values (new.tenant_id, 0, ''::bytea)
    on conflict (tenant_id) do nothing;
  select h.seq, h.hash into head_seq, head_hash
    from audit_head h where h.tenant_id = new.tenant_id for update;
  if head_seq is null then
    raise exception 'audit_event: no audit head for tenant %', new.tenant_id;
  end if;
  new.seq := head_seq + 1;
  new.prev_hash := case when head_seq = 0 then null else head_hash end;
  -- The database's clock, taken under the lock: occurred_at never decreases along the chain.
  new.occurred_at := clock_timestamp();
  new.hash := sha256(convert_to(audit_event_canonical(new), 'UTF8'));
  update audit_head set seq = new.seq, hash = new.hash, updated_at = new.occurred_at
   where tenant_id = new.tenant_id;
  return new;
end
$$;

revoke all on function audit_event_chain() from public;

create trigger audit_event_chain before insert on audit_event
  for each row execute function audit_event_chain();

grant select on audit_head to ${app_role};
grant execute on function audit_field(text) to ${app_role};
grant execute on function audit_event_canonical(audit_event) to ${app_role};
-- audit_event keeps its V1 grants: select and insert only. Asserted here so that a later grant
-- by mistake is visible in review: the application may never update or delete events.
revoke update, delete, truncate on audit_event from ${app_role};
revoke insert, update, delete, truncate on audit_head from ${app_role};

-- ---------------------------------------------------------------------------------------
-- Auditor engagements: an external auditor's membership, read-only (role auditor), that ends
-- by itself at access_until and may be frozen at an audit date (as_of_day: pages and the
-- posture API then default to the end of that UTC day). Sign-in ignores memberships whose
-- access has ended, so nothing has to run at the end date.
-- ---------------------------------------------------------------------------------------
alter table membership
  add column access_until timestamptz,
  add column as_of_day date,
  add constraint membership_engagement_is_auditor
    check ((access_until is null and as_of_day is null) or role = 'auditor');
create index membership_engagement_idx on membership (tenant_id, access_until) where access_until is not null;
