-- Jobs, their items and their event feed: the queue the worker claims from and the UI watches.

create type public.job_status as enum ('queued', 'running', 'succeeded', 'failed', 'canceled');
create type public.job_stage as enum ('queued', 'crawling', 'ocr', 'matching', 'rendering', 'done');
create type public.item_status as enum ('pending', 'running', 'succeeded', 'failed', 'skipped');

create table public.jobs (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  kind text not null default 'label_run' check (kind ~ '^[a-z][a-z0-9_]{0,62}$'),
  status public.job_status not null default 'queued',
  stage public.job_stage not null default 'queued',
  progress smallint not null default 0 check (progress between 0 and 100),
  params jsonb not null default '{}' check (jsonb_typeof(params) = 'object'),
  priority integer not null default 0,
  run_at timestamptz not null default now(),
  attempts integer not null default 0 check (attempts >= 0),
  max_attempts integer not null default 3 check (max_attempts between 1 and 100),
  locked_by text,
  lease_until timestamptz,
  cancel_requested boolean not null default false,
  error text,
  summary jsonb,
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  started_at timestamptz,
  finished_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, workspace_id),
  check (status <> 'running' or (locked_by is not null and lease_until is not null)),
  check ((status in ('succeeded', 'failed', 'canceled')) = (finished_at is not null))
);
-- claim_jobs: next queued job by priority, then due time, then age.
create index jobs_claim_idx on public.jobs (priority desc, run_at, created_at) where status = 'queued';
-- the reaper: running jobs whose lease has run out.
create index jobs_lease_idx on public.jobs (lease_until) where status = 'running';
-- the dashboard: a workspace's jobs, newest first, optionally by status.
create index jobs_workspace_created_idx on public.jobs (workspace_id, created_at desc);
create index jobs_workspace_status_idx on public.jobs (workspace_id, status, created_at desc);
comment on table public.jobs is 'A unit of work for the worker. Insert a row to start one; watch it through Realtime.';
comment on column public.jobs.kind is 'What to do, e.g. label_run. Its params are validated by the worker at claim.';
comment on column public.jobs.status is 'queued -> running -> succeeded | failed | canceled.';
comment on column public.jobs.stage is 'Where a running job is: crawling, ocr, matching, rendering, done.';
comment on column public.jobs.progress is 'Percent done, 0-100, updated a few times a second at most.';
comment on column public.jobs.params is 'Job input (products, template, options); shape per kind in shared/.';
comment on column public.jobs.priority is 'Higher runs first.';
comment on column public.jobs.run_at is 'Not before this time (delayed jobs and retry backoff).';
comment on column public.jobs.attempts is 'How many times a worker has claimed it.';
comment on column public.jobs.locked_by is 'Worker id holding the job while running.';
comment on column public.jobs.lease_until is 'The running worker renews this; once past, another worker may take the job back.';
comment on column public.jobs.cancel_requested is 'Set to true to cancel; a running job aborts within a second.';
comment on column public.jobs.error is 'Why the job failed, in words the user can act on.';
comment on column public.jobs.summary is 'Counts and outcomes when the job ends.';

create table public.job_items (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  job_id uuid not null,
  product_id uuid,
  url text not null,
  status public.item_status not null default 'pending',
  error text,
  attempts integer not null default 0 check (attempts >= 0),
  http_status smallint,
  final_url text,
  page_title text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, workspace_id),
  unique (job_id, product_id),
  foreign key (job_id, workspace_id) references public.jobs (id, workspace_id) on delete cascade,
  foreign key (product_id, workspace_id) references public.products (id, workspace_id) on delete set null (product_id)
);
create index job_items_job_status_idx on public.job_items (job_id, status);
create index job_items_product_idx on public.job_items (product_id) where product_id is not null;
comment on table public.job_items is 'One product checked in one job: its page, status and outcome.';
comment on column public.job_items.url is 'The page to open (the product''s url when the job was made).';
comment on column public.job_items.final_url is 'Where the page ended up after redirects.';

create table public.job_events (
  id bigint generated always as identity primary key,
  workspace_id uuid not null,
  job_id uuid not null,
  type text not null check (type ~ '^[a-z][a-z0-9_.:-]{0,62}$'),
  payload jsonb not null default '{}',
  created_at timestamptz not null default now(),
  foreign key (job_id, workspace_id) references public.jobs (id, workspace_id) on delete cascade
);
create index job_events_job_idx on public.job_events (job_id, id);
create index job_events_workspace_idx on public.job_events (workspace_id, id desc);
comment on table public.job_events is 'Append-only feed of what happened to jobs (audit trail and live feed).';
comment on column public.job_events.type is 'e.g. job:created, stage:started, item:failed.';
comment on column public.job_events.payload is 'Details of the event (ids, counts, messages), shape per type.';

-- Wakes idle workers at once (LISTEN tagwright_jobs) when a job becomes claimable.
create function public.notify_job_queued() returns trigger
language plpgsql set search_path = '' as $$
begin
  perform pg_notify('tagwright_jobs', json_build_object(
    'id', new.id, 'workspace_id', new.workspace_id, 'kind', new.kind,
    'priority', new.priority, 'run_at', new.run_at, 'delayed', new.run_at > now())::text);
  return null;
end
$$;
create trigger jobs_notify_insert after insert on public.jobs
  for each row when (new.status = 'queued') execute function public.notify_job_queued();
create trigger jobs_notify_requeue after update of status on public.jobs
  for each row when (new.status = 'queued' and old.status is distinct from 'queued')
  execute function public.notify_job_queued();

call tagwright_internal.scope_to_workspace('public.jobs');
call tagwright_internal.scope_to_workspace('public.job_items');
-- job_events is append-only: no update or delete policies.
call tagwright_internal.scope_to_workspace('public.job_events', append_only => true);

alter publication supabase_realtime add table public.jobs, public.job_items, public.job_events;
