-- A job of a kind no worker runs (a typo like 'label-run', or a kind from another deployment) used to
-- wait in the queue forever without a word. Workers now fail such jobs once they have been due for
-- a while and no worker seen in that time runs their kind, saying which kinds are run here.
create function public.fail_unrunnable_jobs(grace_seconds integer default 600) returns setof public.jobs
language sql security definer set search_path = '' as $$
  with live as (
    select distinct unnest(w.kinds) as kind from public.workers w
    where w.last_seen_at > now() - make_interval(secs => grace_seconds)
  ),
  failed as (
    update public.jobs j
    set status = 'failed', stage = 'done', finished_at = now(),
        error = format('No worker runs jobs of kind "%s"; the workers here run %s. Insert the job with one of those kinds, or start a worker that runs "%s".',
                       j.kind, (select string_agg(l.kind, ', ' order by l.kind) from live l), j.kind)
    where j.status = 'queued' and j.run_at <= now() - make_interval(secs => grace_seconds)
      and exists (select 1 from live) and j.kind not in (select l.kind from live l)
    returning j.*
  ),
  logged as (
    insert into public.job_events (workspace_id, job_id, type, payload)
    select f.workspace_id, f.id, 'job:failed', jsonb_build_object('error', f.error, 'attempt', f.attempts, 'unrunnable', true)
    from failed f
  )
  select * from failed
$$;
comment on function public.fail_unrunnable_jobs(integer) is 'Fails queued jobs due for grace_seconds whose kind no worker seen in that time runs (workers call it).';
revoke execute on function public.fail_unrunnable_jobs(integer) from public, anon, authenticated;
grant execute on function public.fail_unrunnable_jobs(integer) to service_role;
