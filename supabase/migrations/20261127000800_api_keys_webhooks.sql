-- How other systems drive Tagwright: workspace API keys (hashed, rate-limited, revocable) for the
-- `jobs` function, and webhooks that fire from the database whenever a job ends, delivered by the
-- `webhooks` function through net.http_post (pg_net on hosted Supabase; the local stack's stand-in).

-- ---------------------------------------------------------------------------------------------
-- API keys
-- ---------------------------------------------------------------------------------------------
create table public.api_keys (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 100),
  prefix text not null unique check (prefix ~ '^tw_[0-9a-f]{8}$'),
  key_hash text not null unique check (key_hash ~ '^[0-9a-f]{64}$'),
  rate_limit_per_minute integer not null default 60 check (rate_limit_per_minute between 1 and 100000),
  rate_tokens double precision,
  rate_checked_at timestamptz,
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  unique (id, workspace_id)
);
create index api_keys_workspace_idx on public.api_keys (workspace_id, created_at desc);
comment on table public.api_keys is 'Workspace keys for the jobs function. Only a SHA-256 of the key is kept; the key is shown once.';
comment on column public.api_keys.prefix is 'The visible start of the key (tw_xxxxxxxx): how people tell keys apart and revoke one.';
comment on column public.api_keys.rate_limit_per_minute is 'Requests per minute the key may make (a token bucket: bursts up to this many).';
comment on column public.api_keys.revoked_at is 'Set by revoke_api_key; a revoked key gets 401 at once.';
create trigger api_keys_updated_at before update on public.api_keys
  for each row execute function public.set_updated_at();

alter table public.api_keys enable row level security;
create policy "members read" on public.api_keys for select to authenticated
  using (public.can_read_workspace(workspace_id));
-- Keys are made and revoked through the functions below; nobody reads the hash or the bucket.
revoke all on public.api_keys from anon, authenticated;
grant select (id, workspace_id, name, prefix, rate_limit_per_minute, created_by, created_at, updated_at, last_used_at, revoked_at)
  on public.api_keys to authenticated;

-- Who may manage a workspace's keys and webhooks: its owners and editors (and trusted server code,
-- which runs without a user: the CLI, the functions, service_role).
create function tagwright_internal.require_writer(ws uuid, what text) returns void
language plpgsql stable set search_path = '' as $$
begin
  if auth.uid() is not null and not public.can_write_workspace(ws) then
    raise exception 'Only owners and editors of the workspace can %.', what using errcode = 'insufficient_privilege';
  end if;
  if auth.uid() is null and coalesce(auth.role(), '') in ('anon', 'authenticated') then
    raise exception 'Sign in to %.', what using errcode = 'insufficient_privilege';
  end if;
end
$$;

-- A new key: returned once, in full; only its hash is stored.
create function public.create_api_key(workspace uuid, name text, rate_limit_per_minute integer default 60)
returns table (id uuid, prefix text, key text)
language plpgsql security definer set search_path = '' as $$
declare
  new_prefix text := 'tw_' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 8);
  secret text := replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '');
  full_key text;
  new_id uuid;
begin
  perform tagwright_internal.require_writer(workspace, 'create API keys');
  if not exists (select 1 from public.workspaces w where w.id = workspace) then
    raise exception 'No workspace with id %.', workspace using errcode = 'no_data_found';
  end if;
  full_key := new_prefix || '_' || secret;
  insert into public.api_keys (workspace_id, name, prefix, key_hash, rate_limit_per_minute)
  values (workspace, btrim(name), new_prefix, encode(sha256(convert_to(full_key, 'UTF8')), 'hex'), rate_limit_per_minute)
  returning api_keys.id into new_id;
  return query select new_id, new_prefix, full_key;
end
$$;
comment on function public.create_api_key(uuid, text, integer) is 'Makes a workspace API key and returns it once (owners and editors).';

-- Revokes by prefix; revoking twice keeps the first time.
create function public.revoke_api_key(key_prefix text)
returns table (id uuid, workspace_id uuid, name text, prefix text, revoked_at timestamptz)
language plpgsql security definer set search_path = '' as $$
declare
  found public.api_keys;
begin
  select * into found from public.api_keys k where k.prefix = btrim(key_prefix);
  if found.id is null or (auth.uid() is not null and not public.can_read_workspace(found.workspace_id)) then
    raise exception 'No API key starts with "%"; list keys with `tagwright apikey list`.', key_prefix using errcode = 'no_data_found';
  end if;
  perform tagwright_internal.require_writer(found.workspace_id, 'revoke API keys');
  update public.api_keys k set revoked_at = coalesce(k.revoked_at, now()) where k.id = found.id;
  return query select k.id, k.workspace_id, k.name, k.prefix, k.revoked_at from public.api_keys k where k.id = found.id;
end
$$;
comment on function public.revoke_api_key(text) is 'Revokes a key by its prefix (owners and editors); it gets 401 from then on.';

-- The jobs function's check of a key: who it belongs to, and whether it may make a request now
-- (token bucket, refilled at rate_limit_per_minute per minute). A refused request uses no token.
create function public.authenticate_api_key(key text)
returns table (key_id uuid, workspace_id uuid, prefix text, outcome text, retry_after_seconds integer)
language plpgsql security definer set search_path = '' as $$
declare
  found public.api_keys;
  tokens double precision;
  per_second double precision;
begin
  select * into found from public.api_keys k
  where k.key_hash = encode(sha256(convert_to(key, 'UTF8')), 'hex') for update;
  if found.id is null then
    return query select null::uuid, null::uuid, null::text, 'unknown', null::integer;
    return;
  end if;
  if found.revoked_at is not null then
    return query select found.id, found.workspace_id, found.prefix, 'revoked', null::integer;
    return;
  end if;
  per_second := found.rate_limit_per_minute / 60.0;
  tokens := least(found.rate_limit_per_minute::double precision,
    coalesce(found.rate_tokens, found.rate_limit_per_minute)
      + extract(epoch from now() - coalesce(found.rate_checked_at, now())) * per_second);
  if tokens < 1 then
    update public.api_keys k set rate_tokens = tokens, rate_checked_at = now() where k.id = found.id;
    return query select found.id, found.workspace_id, found.prefix, 'rate_limited', ceil((1 - tokens) / per_second)::integer;
    return;
  end if;
  update public.api_keys k set rate_tokens = tokens - 1, rate_checked_at = now(), last_used_at = now() where k.id = found.id;
  return query select found.id, found.workspace_id, found.prefix, 'ok', null::integer;
end
$$;
comment on function public.authenticate_api_key(text) is 'For the jobs function: ok | unknown | revoked | rate_limited (with seconds to wait).';
revoke execute on function public.authenticate_api_key(text) from public, anon, authenticated;
grant execute on function public.authenticate_api_key(text) to service_role;
revoke execute on function public.create_api_key(uuid, text, integer) from public, anon;
revoke execute on function public.revoke_api_key(text) from public, anon;

-- ---------------------------------------------------------------------------------------------
-- Webhooks and their delivery log
-- ---------------------------------------------------------------------------------------------
create type public.webhook_format as enum ('generic', 'slack', 'discord');
create type public.delivery_status as enum ('pending', 'delivering', 'retrying', 'succeeded', 'failed');

create table public.webhooks (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  url text not null check (url ~* '^https?://[^\s]+$' and length(url) <= 2000),
  format public.webhook_format not null default 'generic',
  events text[] not null default '{job.succeeded,job.failed,job.canceled}'
    check (cardinality(events) > 0 and events <@ '{job.succeeded,job.failed,job.canceled}'::text[]),
  secret text not null default ('whsec_' || replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '')),
  enabled boolean not null default true,
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, workspace_id)
);
create index webhooks_workspace_idx on public.webhooks (workspace_id) where enabled;
comment on table public.webhooks is 'Where to tell other systems that a job ended (Slack, Discord or generic signed JSON).';
comment on column public.webhooks.events is 'Which of job.succeeded, job.failed, job.canceled to send.';
comment on column public.webhooks.secret is 'Signs each delivery: Tagwright-Signature t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">.';
create trigger webhooks_updated_at before update on public.webhooks
  for each row execute function public.set_updated_at();
-- The secret is visible to whoever may change the webhook, so viewers don't see webhooks at all.
alter table public.webhooks enable row level security;
create policy "editors read" on public.webhooks for select to authenticated using (public.can_write_workspace(workspace_id));
create policy "editors insert" on public.webhooks for insert to authenticated with check (public.can_write_workspace(workspace_id));
create policy "editors update" on public.webhooks for update to authenticated
  using (public.can_write_workspace(workspace_id)) with check (public.can_write_workspace(workspace_id));
create policy "editors delete" on public.webhooks for delete to authenticated using (public.can_write_workspace(workspace_id));

create table public.webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  webhook_id uuid not null,
  job_id uuid not null,
  event text not null check (event in ('job.succeeded', 'job.failed', 'job.canceled')),
  occurred_at timestamptz not null,
  payload jsonb not null,
  status public.delivery_status not null default 'pending',
  attempts integer not null default 0 check (attempts >= 0),
  -- attempts made before the last redelivery: the retry schedule starts again after them
  retry_base integer not null default 0 check (retry_base between 0 and attempts),
  next_attempt_at timestamptz,
  locked_until timestamptz,
  dispatched_at timestamptz,
  last_status_code integer,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, workspace_id),
  -- one delivery per webhook and job ending, however many times something asks for it
  unique (webhook_id, job_id, event, occurred_at),
  foreign key (webhook_id, workspace_id) references public.webhooks (id, workspace_id) on delete cascade,
  foreign key (job_id, workspace_id) references public.jobs (id, workspace_id) on delete cascade
);
create index webhook_deliveries_workspace_idx on public.webhook_deliveries (workspace_id, created_at desc);
create index webhook_deliveries_due_idx on public.webhook_deliveries (locked_until, dispatched_at)
  where status in ('pending', 'delivering', 'retrying');
comment on table public.webhook_deliveries is 'One message to one webhook about one job ending: its payload, state and last outcome.';
comment on column public.webhook_deliveries.payload is 'The event as sent in generic form; Slack and Discord get it reworded.';
comment on column public.webhook_deliveries.locked_until is 'A webhooks function is working on it until then; afterwards the sweep hands it to another.';
comment on column public.webhook_deliveries.dispatched_at is 'When net.http_post last asked the webhooks function to deliver it.';
create trigger webhook_deliveries_updated_at before update on public.webhook_deliveries
  for each row execute function public.set_updated_at();

create table public.webhook_attempts (
  id bigint generated always as identity primary key,
  workspace_id uuid not null,
  delivery_id uuid not null,
  attempt integer not null check (attempt >= 1),
  status_code integer,
  error text,
  duration_ms integer not null check (duration_ms >= 0),
  created_at timestamptz not null default now(),
  unique (delivery_id, attempt),
  foreign key (delivery_id, workspace_id) references public.webhook_deliveries (id, workspace_id) on delete cascade
);
comment on table public.webhook_attempts is 'Each HTTP request made for a delivery: the answer''s status or the network error, and how long it took.';

-- Members read the log; only the system writes it (redeliver_webhook for people).
alter table public.webhook_deliveries enable row level security;
alter table public.webhook_attempts enable row level security;
create policy "members read" on public.webhook_deliveries for select to authenticated using (public.can_read_workspace(workspace_id));
create policy "members read" on public.webhook_attempts for select to authenticated using (public.can_read_workspace(workspace_id));
revoke insert, update, delete on public.webhook_deliveries, public.webhook_attempts from anon, authenticated;
-- TRUNCATE skips RLS, and the default grants give it to the API roles: without this a viewer could
-- empty every workspace's webhooks and delivery log.
revoke truncate on public.webhooks, public.webhook_deliveries, public.webhook_attempts from anon, authenticated;

alter publication supabase_realtime add table public.webhook_deliveries;

-- ---------------------------------------------------------------------------------------------
-- Dispatch: the database asks the webhooks function to deliver, through net.http_post
-- ---------------------------------------------------------------------------------------------
create table tagwright_internal.webhook_dispatch (
  id boolean primary key default true check (id),
  -- e.g. https://<ref>.supabase.co/functions/v1; workers set it from SUPABASE_URL at start
  functions_url text check (functions_url ~* '^https?://'),
  -- the dashboard's address, for links in messages (optional)
  site_url text check (site_url ~* '^https?://'),
  -- sent as X-Tagwright-Dispatch; the webhooks function accepts only requests carrying it
  token text not null default (replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '')),
  -- waits between attempts (the first attempt is immediate)
  retry_delays_ms integer[] not null default '{2000,10000,60000}'
    check (cardinality(retry_delays_ms) between 0 and 10 and 0 <= all (retry_delays_ms) and 600000 >= all (retry_delays_ms)),
  timeout_ms integer not null default 10000 check (timeout_ms between 100 and 60000)
);
insert into tagwright_internal.webhook_dispatch default values;
comment on table tagwright_internal.webhook_dispatch is 'Where the webhooks function is and how it retries; one row.';

-- Where the functions are (and optionally the dashboard). Workers call it at start.
create function public.set_functions_url(functions_url text, site_url text default null) returns void
language sql security definer set search_path = '' as $$
  update tagwright_internal.webhook_dispatch d
  set functions_url = rtrim(set_functions_url.functions_url, '/'),
      site_url = coalesce(rtrim(set_functions_url.site_url, '/'), d.site_url)
$$;
revoke execute on function public.set_functions_url(text, text) from public, anon, authenticated;
grant execute on function public.set_functions_url(text, text) to service_role;

-- Asks the webhooks function to deliver one delivery. Never fails the caller (a job finishing):
-- without net.http_post or a functions URL it leaves the delivery pending for the sweep, saying why.
create function tagwright_internal.dispatch_webhook(delivery uuid) returns void
language plpgsql security definer set search_path = '' as $$
declare
  settings tagwright_internal.webhook_dispatch;
begin
  select * into settings from tagwright_internal.webhook_dispatch;
  if settings.functions_url is null then
    update public.webhook_deliveries set last_error = 'Waiting for a worker to say where the functions are (set_functions_url).'
    where id = delivery;
    return;
  end if;
  if to_regprocedure('net.http_post(text, jsonb, jsonb, jsonb, integer)') is null then
    update public.webhook_deliveries set last_error = 'This database has no net.http_post: enable the pg_net extension.'
    where id = delivery;
    return;
  end if;
  begin
    perform net.http_post(
      url := settings.functions_url || '/webhooks',
      body := jsonb_build_object('delivery_id', delivery),
      headers := jsonb_build_object('Content-Type', 'application/json', 'X-Tagwright-Dispatch', settings.token),
      timeout_milliseconds := 5000);
    -- asked now: a pending delivery's "waiting for …" no longer holds (other errors are attempts')
    update public.webhook_deliveries
    set dispatched_at = now(), last_error = case when status = 'pending' then null else last_error end
    where id = delivery;
  exception when others then
    update public.webhook_deliveries set last_error = 'Could not ask the webhooks function: ' || sqlerrm where id = delivery;
  end;
end
$$;

-- A job ended: one delivery per enabled webhook of its workspace that wants this event.
create function tagwright_internal.enqueue_job_webhooks() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  event_name text := 'job.' || new.status::text;
  body jsonb;
  delivery uuid;
  settings tagwright_internal.webhook_dispatch;
begin
  if not exists (select 1 from public.webhooks w where w.workspace_id = new.workspace_id and w.enabled and event_name = any (w.events)) then
    return null;
  end if;
  select * into settings from tagwright_internal.webhook_dispatch;
  body := jsonb_build_object(
    'event', event_name,
    'occurred_at', new.finished_at,
    'workspace', (select jsonb_build_object('id', w.id, 'name', w.name) from public.workspaces w where w.id = new.workspace_id),
    'job', jsonb_build_object(
      'id', new.id, 'kind', new.kind, 'status', new.status, 'stage', new.stage, 'progress', new.progress,
      'attempts', new.attempts, 'error', new.error, 'summary', new.summary,
      'items', (select coalesce(jsonb_object_agg(s.status, s.n), '{}') from (
                 select i.status::text as status, count(*) as n from public.job_items i where i.job_id = new.id group by i.status) s),
      'created_at', new.created_at, 'started_at', new.started_at, 'finished_at', new.finished_at,
      'url', case when settings.site_url is not null then settings.site_url || '/jobs/' || new.id end));
  for delivery in
    insert into public.webhook_deliveries (workspace_id, webhook_id, job_id, event, occurred_at, payload)
    select new.workspace_id, w.id, new.id, event_name, new.finished_at, body
    from public.webhooks w
    where w.workspace_id = new.workspace_id and w.enabled and event_name = any (w.events)
    on conflict (webhook_id, job_id, event, occurred_at) do nothing
    returning id
  loop
    perform tagwright_internal.dispatch_webhook(delivery);
  end loop;
  return null;
end
$$;
-- not `update of status`: that skips a status set by a BEFORE trigger (a queued job canceled by
-- setting cancel_requested), and such a job would end without its webhooks
create trigger jobs_webhooks_on_end after update on public.jobs
  for each row when (new.status in ('succeeded', 'failed', 'canceled') and old.status is distinct from new.status)
  execute function tagwright_internal.enqueue_job_webhooks();
create trigger jobs_webhooks_on_insert after insert on public.jobs
  for each row when (new.status in ('succeeded', 'failed', 'canceled'))
  execute function tagwright_internal.enqueue_job_webhooks();

-- The sweep (workers run it every few seconds): deliveries never dispatched or dispatched long ago
-- without being picked up, and ones whose function stopped mid-way (lock run out).
create function public.dispatch_due_webhooks(max_count integer default 100) returns integer
language plpgsql security definer set search_path = '' as $$
declare
  delivery uuid;
  n integer := 0;
begin
  for delivery in
    select d.id from public.webhook_deliveries d
    where (d.status = 'pending' and coalesce(d.dispatched_at, '-infinity') < now() - interval '30 seconds'
           and d.created_at < now() - interval '2 seconds')
       or (d.status in ('delivering', 'retrying') and d.locked_until < now()
           and coalesce(d.dispatched_at, '-infinity') < now() - interval '30 seconds')
    order by d.created_at
    limit max_count
    for update skip locked
  loop
    perform tagwright_internal.dispatch_webhook(delivery);
    n := n + 1;
  end loop;
  return n;
end
$$;
revoke execute on function public.dispatch_due_webhooks(integer) from public, anon, authenticated;
grant execute on function public.dispatch_due_webhooks(integer) to service_role;

-- The webhooks function takes a delivery (nobody else holds it, it isn't done): the webhook and
-- how to retry. Holding lasts long enough for one request; record_webhook_attempt extends it.
create function public.claim_webhook_delivery(delivery uuid, dispatch_token text)
returns table (
  id uuid, workspace_id uuid, job_id uuid, event text, payload jsonb, attempts integer,
  url text, format public.webhook_format, secret text, retry_delays_ms integer[], timeout_ms integer)
language plpgsql security definer set search_path = '' as $$
declare
  settings tagwright_internal.webhook_dispatch;
begin
  select * into settings from tagwright_internal.webhook_dispatch;
  if dispatch_token is distinct from settings.token then
    raise exception 'Wrong dispatch token.' using errcode = 'insufficient_privilege';
  end if;
  return query
  update public.webhook_deliveries d
  set status = 'delivering', locked_until = now() + make_interval(secs => settings.timeout_ms / 1000.0 + 60)
  from public.webhooks w
  where d.id = delivery and w.id = d.webhook_id
    and d.status in ('pending', 'delivering', 'retrying')
    and coalesce(d.locked_until, '-infinity') < now()
  returning d.id, d.workspace_id, d.job_id, d.event, d.payload, d.attempts,
            w.url, w.format, w.secret, settings.retry_delays_ms, settings.timeout_ms;
end
$$;

-- One HTTP request's outcome. Returns the delivery's state and, when another attempt is due, how
-- long to wait (the lock is extended past it, so the same function makes that attempt).
create function public.record_webhook_attempt(delivery uuid, status_code integer, error text, duration_ms integer)
returns table (status public.delivery_status, attempts integer, retry_in_ms integer)
language plpgsql security definer set search_path = '' as $$
declare
  settings tagwright_internal.webhook_dispatch;
  d public.webhook_deliveries;
  ok boolean := status_code between 200 and 299;
  delay integer;
begin
  select * into settings from tagwright_internal.webhook_dispatch;
  update public.webhook_deliveries w set attempts = w.attempts + 1 where w.id = delivery returning * into d;
  if d.id is null then
    raise exception 'No webhook delivery %.', delivery using errcode = 'no_data_found';
  end if;
  insert into public.webhook_attempts (workspace_id, delivery_id, attempt, status_code, error, duration_ms)
  values (d.workspace_id, d.id, d.attempts, status_code, error, duration_ms);
  delay := settings.retry_delays_ms[d.attempts - d.retry_base];
  if ok then
    update public.webhook_deliveries w set status = 'succeeded', delivered_at = now(), locked_until = null, next_attempt_at = null,
      last_status_code = status_code, last_error = null where w.id = d.id;
    return query select 'succeeded'::public.delivery_status, d.attempts, null::integer;
  elsif delay is null then
    update public.webhook_deliveries w set status = 'failed', locked_until = null, next_attempt_at = null,
      last_status_code = status_code, last_error = error where w.id = d.id;
    return query select 'failed'::public.delivery_status, d.attempts, null::integer;
  else
    update public.webhook_deliveries w set status = 'retrying',
      next_attempt_at = now() + make_interval(secs => delay / 1000.0),
      locked_until = now() + make_interval(secs => (delay + settings.timeout_ms) / 1000.0 + 60),
      last_status_code = status_code, last_error = error where w.id = d.id;
    return query select 'retrying'::public.delivery_status, d.attempts, delay;
  end if;
end
$$;
revoke execute on function public.claim_webhook_delivery(uuid, text) from public, anon, authenticated;
revoke execute on function public.record_webhook_attempt(uuid, integer, text, integer) from public, anon, authenticated;
grant execute on function public.claim_webhook_delivery(uuid, text) to service_role;
grant execute on function public.record_webhook_attempt(uuid, integer, text, integer) to service_role;

-- People send a finished (or stuck) delivery again from the dashboard: a fresh round of attempts,
-- numbered on from the earlier ones (the log keeps them all).
create function public.redeliver_webhook(delivery uuid) returns void
language plpgsql security definer set search_path = '' as $$
declare
  d public.webhook_deliveries;
begin
  select * into d from public.webhook_deliveries w where w.id = delivery;
  if d.id is null or (auth.uid() is not null and not public.can_read_workspace(d.workspace_id)) then
    raise exception 'No webhook delivery %.', delivery using errcode = 'no_data_found';
  end if;
  perform tagwright_internal.require_writer(d.workspace_id, 'send webhooks again');
  -- unlocking one a function is sending would let a second function send it too
  if d.status in ('delivering', 'retrying') and d.locked_until > now() then
    raise exception 'This delivery is being sent now (attempt % done); wait until it succeeds or fails, then send it again.', d.attempts
      using errcode = 'object_in_use';
  end if;
  update public.webhook_deliveries w set status = 'pending', retry_base = w.attempts, locked_until = null, next_attempt_at = null,
    delivered_at = null, last_error = null, last_status_code = null where w.id = d.id;
  perform tagwright_internal.dispatch_webhook(d.id);
end
$$;
revoke execute on function public.redeliver_webhook(uuid) from public, anon;
