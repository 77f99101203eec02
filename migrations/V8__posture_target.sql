-- A team's posture target: the score it aims for and the date it should be reached by.
-- One target per team; setting it again replaces it.
create table posture_target (
  tenant_id uuid not null,
  team_id uuid not null,
  target_percent numeric(5, 2) not null check (target_percent > 0 and target_percent <= 100),
  due date not null,
  set_by text not null,
  set_at timestamptz not null default now(),
  primary key (tenant_id, team_id),
  foreign key (tenant_id, team_id) references team on delete cascade
);

alter table posture_target enable row level security;
alter table posture_target force row level security;
create policy tenant_isolation on posture_target
  using (tenant_id = plimsoll_current_tenant()) with check (tenant_id = plimsoll_current_tenant());

grant select, insert, update, delete on posture_target to ${app_role};
