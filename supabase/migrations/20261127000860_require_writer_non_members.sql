-- can_write_workspace() is null (not false) for someone who isn't a member, and `not null` never
-- raises: so a signed-in non-member could make API keys, send webhooks again or revoke keys in a
-- workspace whose id they knew. Treat "unknown" as "no".
create or replace function tagwright_internal.require_writer(ws uuid, what text) returns void
language plpgsql stable set search_path = '' as $$
begin
  if auth.uid() is not null and not coalesce(public.can_write_workspace(ws), false) then
    raise exception 'Only owners and editors of the workspace can %.', what using errcode = 'insufficient_privilege';
  end if;
  if auth.uid() is null and coalesce(auth.role(), '') in ('anon', 'authenticated') then
    raise exception 'Sign in to %.', what using errcode = 'insufficient_privilege';
  end if;
end
$$;
