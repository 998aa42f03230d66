-- Makes a plain Postgres look like Supabase's for our migrations: roles, auth, storage, publication.
-- Every part is guarded, so on hosted Supabase (where all of it exists) this changes nothing.

do $bootstrap$
begin
  -- Roles PostgREST/Realtime/Storage switch into; service_role bypasses RLS like on Supabase.
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit;
    grant anon, authenticated, service_role to authenticator;
  end if;

  -- Only a plain Postgres lacks the auth schema: build the part of GoTrue's schema our policies use.
  if not exists (select 1 from pg_namespace where nspname = 'auth') then
    create schema auth;
    grant usage on schema auth to anon, authenticated, service_role;

    create table auth.users (
      instance_id uuid,
      id uuid primary key,
      aud varchar(255),
      role varchar(255),
      email varchar(255),
      encrypted_password varchar(255),
      email_confirmed_at timestamptz,
      invited_at timestamptz,
      confirmation_token varchar(255),
      confirmation_sent_at timestamptz,
      recovery_token varchar(255),
      recovery_sent_at timestamptz,
      last_sign_in_at timestamptz,
      raw_app_meta_data jsonb,
      raw_user_meta_data jsonb,
      is_super_admin boolean,
      created_at timestamptz default now(),
      updated_at timestamptz default now(),
      phone text unique,
      phone_confirmed_at timestamptz,
      banned_until timestamptz,
      deleted_at timestamptz,
      is_sso_user boolean not null default false,
      is_anonymous boolean not null default false
    );
    create unique index users_email_partial_key on auth.users (email) where is_sso_user = false;
    comment on table auth.users is 'Auth: registered users (local stand-in for Supabase Auth''s table).';

    -- Same definitions as Supabase: claims come from the request.jwt.* settings PostgREST sets.
    create function auth.jwt() returns jsonb language sql stable as $f$
      select coalesce(
        nullif(current_setting('request.jwt.claim', true), ''),
        nullif(current_setting('request.jwt.claims', true), '')
      )::jsonb
    $f$;
    create function auth.uid() returns uuid language sql stable as $f$
      select coalesce(
        nullif(current_setting('request.jwt.claim.sub', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
      )::uuid
    $f$;
    create function auth.role() returns text language sql stable as $f$
      select coalesce(
        nullif(current_setting('request.jwt.claim.role', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
      )::text
    $f$;
    create function auth.email() returns text language sql stable as $f$
      select coalesce(
        nullif(current_setting('request.jwt.claim.email', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
      )::text
    $f$;
    grant execute on all functions in schema auth to anon, authenticated, service_role;
    grant select on auth.users to service_role;

    -- Supabase grants the API roles full table privileges in public and lets RLS decide.
    grant usage on schema public to anon, authenticated, service_role;
    alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
    alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
    alter default privileges in schema public grant execute on functions to anon, authenticated, service_role;
  end if;

  -- Sessions and refresh tokens as GoTrue keeps them (the local Auth server writes these rows);
  -- guarded apart from the schema so a database bootstrapped before them gets them too.
  if not exists (select 1 from pg_type t join pg_namespace n on n.oid = t.typnamespace
                 where n.nspname = 'auth' and t.typname = 'aal_level') then
    create type auth.aal_level as enum ('aal1', 'aal2', 'aal3');
  end if;
  if to_regclass('auth.sessions') is null then
    create table auth.sessions (
      id uuid primary key,
      user_id uuid not null references auth.users (id) on delete cascade,
      created_at timestamptz,
      updated_at timestamptz,
      factor_id uuid,
      aal auth.aal_level,
      not_after timestamptz,
      refreshed_at timestamp,
      user_agent text,
      ip inet,
      tag text,
      oauth_client_id uuid,
      refresh_token_hmac_key text,
      refresh_token_counter bigint,
      scopes text check (char_length(scopes) <= 4096)
    );
    create index sessions_user_id_idx on auth.sessions (user_id);
    create index user_id_created_at_idx on auth.sessions (user_id, created_at);
    create index sessions_not_after_idx on auth.sessions (not_after desc);
    alter table auth.sessions enable row level security;
    comment on table auth.sessions is 'Auth: Stores session data associated to a user.';
  end if;
  if to_regclass('auth.refresh_tokens') is null then
    create table auth.refresh_tokens (
      instance_id uuid,
      id bigserial primary key,
      token varchar(255) constraint refresh_tokens_token_unique unique,
      user_id varchar(255),
      revoked boolean,
      created_at timestamptz,
      updated_at timestamptz,
      parent varchar(255),
      session_id uuid references auth.sessions (id) on delete cascade
    );
    create index refresh_tokens_instance_id_idx on auth.refresh_tokens (instance_id);
    create index refresh_tokens_instance_id_user_id_idx on auth.refresh_tokens (instance_id, user_id);
    create index refresh_tokens_parent_idx on auth.refresh_tokens (parent);
    create index refresh_tokens_session_id_revoked_idx on auth.refresh_tokens (session_id, revoked);
    create index refresh_tokens_updated_at_idx on auth.refresh_tokens (updated_at desc);
    alter table auth.refresh_tokens enable row level security;
    comment on table auth.refresh_tokens is 'Auth: Store of tokens used to refresh JWT tokens once they expire.';
  end if;

  -- Storage's schema as Supabase Storage keeps it; the local storage server writes these rows.
  if not exists (select 1 from pg_namespace where nspname = 'storage') then
    create schema storage;
    grant usage on schema storage to anon, authenticated, service_role;
    create table storage.buckets (
      id text primary key,
      name text not null unique,
      owner uuid,
      owner_id text,
      public boolean default false,
      file_size_limit bigint,
      allowed_mime_types text[],
      created_at timestamptz default now(),
      updated_at timestamptz default now()
    );
    create table storage.objects (
      id uuid primary key default gen_random_uuid(),
      bucket_id text references storage.buckets (id),
      name text,
      owner uuid,
      owner_id text,
      metadata jsonb,
      path_tokens text[] generated always as (string_to_array(name, '/')) stored,
      version text,
      user_metadata jsonb,
      created_at timestamptz default now(),
      updated_at timestamptz default now(),
      last_accessed_at timestamptz default now(),
      unique (bucket_id, name)
    );
    alter table storage.objects enable row level security;
    alter table storage.buckets enable row level security;
    create function storage.foldername(name text) returns text[] language sql immutable as $f$
      select (string_to_array(name, '/'))[1:array_length(string_to_array(name, '/'), 1) - 1]
    $f$;
    create function storage.filename(name text) returns text language sql immutable as $f$
      select (string_to_array(name, '/'))[array_length(string_to_array(name, '/'), 1)]
    $f$;
    create function storage.extension(name text) returns text language sql immutable as $f$
      select reverse(split_part(reverse(storage.filename(name)), '.', 1))
    $f$;
    grant all on all tables in schema storage to service_role;
    grant select, insert, update, delete on all tables in schema storage to anon, authenticated;
    grant execute on all functions in schema storage to anon, authenticated, service_role;
  end if;

  -- pg_net's queue and net.http_post, for a Postgres without the extension: the stack's net service
  -- (stack/src/net) sends the queued requests and records the answers, as pg_net's worker does.
  if not exists (select 1 from pg_namespace where nspname = 'net')
     and not exists (select 1 from pg_available_extensions where name = 'pg_net') then
    create schema net;
    create table net.http_request_queue (
      id bigserial primary key,
      method text not null check (method in ('GET', 'POST', 'DELETE')),
      url text not null,
      headers jsonb not null default '{}',
      body bytea,
      timeout_milliseconds integer not null
    );
    create table net._http_response (
      id bigint,
      status_code integer,
      content_type text,
      headers jsonb,
      content text,
      timed_out boolean,
      error_msg text,
      created timestamptz not null default now()
    );
    create function net.http_post(
      url text,
      body jsonb default '{}'::jsonb,
      params jsonb default '{}'::jsonb,
      headers jsonb default '{"Content-Type": "application/json"}'::jsonb,
      timeout_milliseconds integer default 5000
    ) returns bigint language plpgsql as $f$
    declare
      request_id bigint;
    begin
      if params is not null and params <> '{}'::jsonb then
        raise exception 'The local net.http_post takes no params; put them in the URL.';
      end if;
      insert into net.http_request_queue (method, url, headers, body, timeout_milliseconds)
      values ('POST', url, coalesce(headers, '{}'::jsonb), convert_to(body::text, 'UTF8'), timeout_milliseconds)
      returning id into request_id;
      perform pg_notify('tagwright_net', request_id::text);
      return request_id;
    end
    $f$;
    revoke all on schema net from public;
    grant usage on schema net to service_role;
    grant execute on all functions in schema net to service_role;
  end if;

  -- Supabase Realtime streams the tables in this publication; migrations add ours to it.
  if not exists (select 1 from pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
end
$bootstrap$;
