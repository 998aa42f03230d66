-- A client that retries POST /jobs after a timeout (or an SQL caller that retries its insert) must
-- not start the job twice. Jobs may carry the caller's idempotency key, unique per workspace: the
-- jobs function answers a repeated key with the job it already started, and SQL callers can write
-- `insert … on conflict (workspace_id, idempotency_key) where idempotency_key is not null do nothing`.
alter table public.jobs
  add column idempotency_key text
    constraint jobs_idempotency_key_check check (idempotency_key ~ '^[\x21-\x7e]{1,255}$');
comment on column public.jobs.idempotency_key is
  'The caller''s Idempotency-Key (1-255 visible ASCII characters), unique per workspace: a retry with the same key gets this job instead of a new one.';
create unique index jobs_idempotency_key_idx on public.jobs (workspace_id, idempotency_key) where idempotency_key is not null;
