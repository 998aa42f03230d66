-- The job queue's database side: claiming with SKIP LOCKED, the retry schedule, instant cancel of
-- queued jobs, wake-ups for cancels, and the reaper that takes back jobs whose worker went away.
-- Only the worker (service role / postgres) may call these; the API roles may not.

-- Exponential backoff with jitter and a cap: base * 2^(attempt-1), capped, then scaled by a random
-- factor in [0.5, 1] so retries of many jobs that failed together spread out.
create function public.job_retry_delay(attempt integer, base_ms integer default 2000, cap_ms integer default 300000)
returns interval language sql volatile set search_path = '' as $$
  select make_interval(secs => least(cap_ms::float8, base_ms::float8 * power(2, greatest(attempt, 1) - 1))
                               * (0.5 + random() / 2) / 1000.0)
$$;
comment on function public.job_retry_delay(integer, integer, integer) is
  'Delay before retry number `attempt`: min(cap, base*2^(attempt-1)) scaled by a random factor in [0.5, 1].';

-- Takes up to n due jobs of the given kinds (null = any), highest priority first, then due time,
-- then age; concurrent callers never get the same job (SKIP LOCKED). Sorting is off so the plan is
-- always the ordered walk of jobs_claim_idx: with stale statistics (a queue that just filled up) the
-- planner would otherwise fetch and sort every queued job on every claim.
create function public.claim_jobs(worker_id text, n integer, kinds text[] default null, lease_seconds integer default 30)
returns setof public.jobs language sql volatile set search_path = '' set enable_sort = off set enable_bitmapscan = off as $$
  with next as (
    select j.id from public.jobs j
    where j.status = 'queued' and j.run_at <= now() and not j.cancel_requested
      and (kinds is null or j.kind = any (kinds))
    order by j.priority desc, j.run_at, j.created_at
    limit n
    for update skip locked
  ), claimed as (
    update public.jobs j
    set status = 'running', locked_by = worker_id, lease_until = now() + make_interval(secs => lease_seconds),
        attempts = j.attempts + 1, started_at = coalesce(j.started_at, now()), error = null
    from next where j.id = next.id
    returning j.*
  ), logged as (
    insert into public.job_events (workspace_id, job_id, type, payload)
    select c.workspace_id, c.id, 'job:started', jsonb_build_object('worker', worker_id, 'attempt', c.attempts) from claimed c
  )
  select * from claimed
$$;
comment on function public.claim_jobs(text, integer, text[], integer) is
  'Worker only: claim up to n due queued jobs (FOR UPDATE SKIP LOCKED), leased to worker_id.';

-- Puts running jobs whose lease ran out back in the queue (with backoff), or fails them once
-- max_attempts is used up, or cancels them if a cancel was requested. Safe to run in every worker.
create function public.reap_expired_jobs(base_ms integer default 2000, cap_ms integer default 300000)
returns setof public.jobs language sql volatile set search_path = '' as $$
  with expired as (
    select j.id from public.jobs j
    where j.status = 'running' and j.lease_until < now()
    for update skip locked
  ), reaped as (
    update public.jobs j
    set status = case when j.cancel_requested then 'canceled'::public.job_status
                      when j.attempts >= j.max_attempts then 'failed'::public.job_status
                      else 'queued'::public.job_status end,
        error = case when j.cancel_requested then null
                     else format('Worker %s stopped renewing its lease during attempt %s of %s (it crashed or lost its connection)%s',
                                 j.locked_by, j.attempts, j.max_attempts,
                                 case when j.attempts >= j.max_attempts then '; no attempts left.' else '; retrying.' end) end,
        run_at = case when j.attempts < j.max_attempts then now() + public.job_retry_delay(j.attempts, base_ms, cap_ms) else j.run_at end,
        finished_at = case when j.cancel_requested or j.attempts >= j.max_attempts then now() end,
        stage = case when j.cancel_requested or j.attempts >= j.max_attempts then j.stage else 'queued'::public.job_stage end,
        locked_by = null, lease_until = null
    from expired where j.id = expired.id
    returning j.*
  ), logged as (
    insert into public.job_events (workspace_id, job_id, type, payload)
    select r.workspace_id, r.id, 'job:reaped',
           jsonb_build_object('status', r.status, 'attempt', r.attempts, 'error', r.error, 'run_at', r.run_at)
    from reaped r
  )
  select * from reaped
$$;
comment on function public.reap_expired_jobs(integer, integer) is
  'Worker only: requeue (with backoff), fail or cancel running jobs whose lease expired.';

-- How long until the next delayed job comes due (by the database's clock, so worker clock skew
-- does not matter); null when none is waiting.
create function public.next_job_due_in_ms(kinds text[] default null)
returns integer language sql stable set search_path = '' as $$
  select ceil(extract(epoch from (min(j.run_at) - now())) * 1000)::integer
  from public.jobs j
  where j.status = 'queued' and j.run_at > now() and j.run_at > j.created_at
    and not j.cancel_requested and (kinds is null or j.kind = any (kinds))
$$;
-- Only delayed jobs (run_at after created_at; a job due now is never "next"). The extra predicate
-- also keeps claim_jobs from ever using this index (a bitmap scan + sort of the whole queue).
create index jobs_due_idx on public.jobs (run_at) where status = 'queued' and run_at > created_at;

-- A cancel on a queued job takes effect at once; on a running job it wakes the worker holding it.
create function public.apply_cancel_request() returns trigger
language plpgsql set search_path = '' as $$
begin
  if new.cancel_requested and not old.cancel_requested then
    if new.status = 'queued' then
      new.status := 'canceled';
      new.finished_at := now();
    elsif new.status = 'running' then
      perform pg_notify('tagwright_job_cancel', json_build_object('id', new.id, 'locked_by', new.locked_by)::text);
    end if;
  end if;
  return new;
end
$$;
create trigger jobs_cancel_request before update of cancel_requested on public.jobs
  for each row execute function public.apply_cancel_request();

-- A job inserted already canceled never runs.
create function public.cancel_on_insert() returns trigger
language plpgsql set search_path = '' as $$
begin
  if new.cancel_requested and new.status = 'queued' then
    new.status := 'canceled';
    new.finished_at := now();
  end if;
  return new;
end
$$;
create trigger jobs_cancel_on_insert before insert on public.jobs
  for each row execute function public.cancel_on_insert();

revoke execute on function public.claim_jobs(text, integer, text[], integer) from public, anon, authenticated;
revoke execute on function public.reap_expired_jobs(integer, integer) from public, anon, authenticated;
revoke execute on function public.job_retry_delay(integer, integer, integer) from public, anon, authenticated;
revoke execute on function public.next_job_due_in_ms(text[]) from public, anon, authenticated;
grant execute on function public.next_job_due_in_ms(text[]) to service_role;
grant execute on function public.claim_jobs(text, integer, text[], integer) to service_role;
grant execute on function public.reap_expired_jobs(integer, integer) to service_role;
grant execute on function public.job_retry_delay(integer, integer, integer) to service_role;
