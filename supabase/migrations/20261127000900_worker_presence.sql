-- Which workers are alive: each worker process keeps a row here (upserted at start and every
-- 15 s, stamped stopped on a graceful stop), so health checks, metrics and `tagwright status` can
-- say how many are serving. Infrastructure, not workspace data: no API role may read it.
create table public.workers (
  id text primary key check (length(id) between 1 and 200),
  hostname text not null,
  pid integer not null,
  kinds text[] not null default '{}',
  concurrency integer not null check (concurrency >= 1),
  running integer not null default 0 check (running >= 0),
  version text,
  started_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  stopped_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index workers_seen_idx on public.workers (last_seen_at desc);
comment on table public.workers is 'Worker processes and when each was last seen (every 15 s while alive); for health, metrics and status.';
comment on column public.workers.id is 'The worker id (WORKER_ID, or <hostname>:<pid>:<random>), as in jobs.locked_by.';
comment on column public.workers.hostname is 'Machine the worker runs on.';
comment on column public.workers.pid is 'Process id on that machine.';
comment on column public.workers.kinds is 'Job kinds it runs (label_run, noop…).';
comment on column public.workers.concurrency is 'Jobs it runs at once at most.';
comment on column public.workers.running is 'Jobs the worker was running when last seen.';
comment on column public.workers.version is 'Tagwright version of the worker, when known.';
comment on column public.workers.started_at is 'When this process started (or took over this id).';
comment on column public.workers.last_seen_at is 'Refreshed every 15 s while the worker is alive.';
comment on column public.workers.stopped_at is 'Set on a graceful stop; a crashed worker just stops being seen.';
create trigger workers_updated_at before update on public.workers
  for each row execute function public.set_updated_at();
alter table public.workers enable row level security;
revoke all on public.workers from anon, authenticated;
