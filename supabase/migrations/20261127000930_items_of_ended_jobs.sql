-- A job canceled or failed while some of its items were being checked left those items `running`
-- for good: the dashboard showed them spinning under a job that had ended. When a job ends that
-- way, its running items go back to `pending` (not checked; a rerun checks them), so every item
-- of an ended job says what really happened to it (a job requeued after its worker died keeps them:
-- its next attempt resumes them). Succeeded jobs have no running items left.
create function public.release_items_of_ended_job() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.job_items set status = 'pending' where job_id = new.id and status = 'running';
  return null;
end
$$;
-- any update, not `update of status`: a cancel sets only cancel_requested and a BEFORE trigger the status
create trigger jobs_release_items after update on public.jobs
  for each row when (new.status in ('canceled', 'failed') and old.status is distinct from new.status)
  execute function public.release_items_of_ended_job();
revoke execute on function public.release_items_of_ended_job() from public, anon, authenticated;
