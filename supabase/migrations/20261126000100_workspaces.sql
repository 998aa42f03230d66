-- Workspaces and membership: the RLS scope of every other table.

create type public.member_role as enum ('owner', 'editor', 'viewer');

-- Keeps updated_at honest on every table that changes.
create function public.set_updated_at() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.updated_at := now();
  return new;
end
$$;

create table public.workspaces (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(btrim(name)) between 1 and 100),
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.workspaces is 'A team''s space: products, templates, jobs and labels all belong to one workspace.';
comment on column public.workspaces.name is 'Shown in the workspace switcher.';
comment on column public.workspaces.created_by is 'The user who created it; becomes its first owner.';

create table public.workspace_members (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role public.member_role not null default 'viewer',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, user_id)
);
create index workspace_members_user_idx on public.workspace_members (user_id);
comment on table public.workspace_members is 'Who may see (viewer) or change (editor, owner) a workspace. Owners manage members.';
comment on column public.workspace_members.role is 'owner: everything incl. members; editor: write data; viewer: read only.';

create trigger workspaces_updated_at before update on public.workspaces
  for each row execute function public.set_updated_at();
create trigger workspace_members_updated_at before update on public.workspace_members
  for each row execute function public.set_updated_at();

-- The signed-in user's role in a workspace (null when not a member). Security definer so that
-- policies on workspace_members itself can call it without recursing into RLS.
create function public.workspace_role(ws uuid) returns public.member_role
language sql stable security definer set search_path = '' as $$
  select m.role from public.workspace_members m where m.workspace_id = ws and m.user_id = auth.uid()
$$;
comment on function public.workspace_role(uuid) is 'Role of auth.uid() in the workspace, or null.';

create function public.can_read_workspace(ws uuid) returns boolean
language sql stable set search_path = '' as $$
  select public.workspace_role(ws) is not null
$$;

create function public.can_write_workspace(ws uuid) returns boolean
language sql stable set search_path = '' as $$
  select public.workspace_role(ws) in ('owner', 'editor')
$$;

-- Helpers for later migrations live outside the API-exposed schemas.
create schema tagwright_internal;
revoke all on schema tagwright_internal from public;
comment on schema tagwright_internal is 'Tagwright helpers for migrations; not exposed through the API.';

-- Makes a table with workspace_id a workspace table: RLS on; members read; editors and owners
-- insert, update and delete (append-only tables: insert only); updated_at kept by trigger.
create procedure tagwright_internal.scope_to_workspace(tbl regclass, append_only boolean default false)
language plpgsql set search_path = '' as $$
begin
  execute format('alter table %s enable row level security', tbl);
  execute format('create policy "members read" on %s for select to authenticated
                  using (public.can_read_workspace(workspace_id))', tbl);
  execute format('create policy "editors insert" on %s for insert to authenticated
                  with check (public.can_write_workspace(workspace_id))', tbl);
  if not append_only then
    execute format('create policy "editors update" on %s for update to authenticated
                    using (public.can_write_workspace(workspace_id)) with check (public.can_write_workspace(workspace_id))', tbl);
    execute format('create policy "editors delete" on %s for delete to authenticated
                    using (public.can_write_workspace(workspace_id))', tbl);
    execute format('create trigger set_updated_at before update on %s
                    for each row execute function public.set_updated_at()', tbl);
  end if;
end
$$;

-- The creator of a workspace becomes its owner, so a new workspace is never orphaned.
create function public.add_workspace_owner() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if new.created_by is not null then
    insert into public.workspace_members (workspace_id, user_id, role)
    values (new.id, new.created_by, 'owner')
    on conflict (workspace_id, user_id) do update set role = 'owner';
  end if;
  return new;
end
$$;
create trigger workspaces_add_owner after insert on public.workspaces
  for each row execute function public.add_workspace_owner();

-- A workspace always keeps an owner: the last one can't leave or be demoted (deleting the workspace is fine).
create function public.keep_last_owner() returns trigger
language plpgsql set search_path = '' as $$
begin
  if old.role = 'owner'
     and (tg_op = 'DELETE' or new.role <> 'owner')
     and exists (select 1 from public.workspaces w where w.id = old.workspace_id)
     and not exists (
       select 1 from public.workspace_members m
       where m.workspace_id = old.workspace_id and m.role = 'owner' and m.user_id <> old.user_id
     ) then
    raise exception 'A workspace needs at least one owner: make another member owner first.'
      using errcode = 'check_violation';
  end if;
  return coalesce(new, old);
end
$$;
create trigger workspace_members_keep_owner before update of role or delete on public.workspace_members
  for each row execute function public.keep_last_owner();

alter table public.workspaces enable row level security;
alter table public.workspace_members enable row level security;

-- The creator may read it too: `insert ... returning` checks this before the owner row exists.
create policy "members read their workspaces" on public.workspaces
  for select to authenticated using (public.can_read_workspace(id) or created_by = (select auth.uid()));
create policy "signed-in users create workspaces they own" on public.workspaces
  for insert to authenticated with check (created_by = (select auth.uid()));
create policy "owners rename workspaces" on public.workspaces
  for update to authenticated using (public.workspace_role(id) = 'owner') with check (public.workspace_role(id) = 'owner');
create policy "owners delete workspaces" on public.workspaces
  for delete to authenticated using (public.workspace_role(id) = 'owner');

create policy "members see fellow members" on public.workspace_members
  for select to authenticated using (public.can_read_workspace(workspace_id));
create policy "owners add members" on public.workspace_members
  for insert to authenticated with check (public.workspace_role(workspace_id) = 'owner');
create policy "owners change roles" on public.workspace_members
  for update to authenticated using (public.workspace_role(workspace_id) = 'owner')
  with check (public.workspace_role(workspace_id) = 'owner');
create policy "owners remove members, members leave" on public.workspace_members
  for delete to authenticated
  using (public.workspace_role(workspace_id) = 'owner' or user_id = (select auth.uid()));
