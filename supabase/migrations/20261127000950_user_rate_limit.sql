-- Signed-in users calling the jobs function with their access token are rate-limited too, as API
-- keys are (a token bucket per user, refilled at the function's USER_RATE_LIMIT_PER_MINUTE). The
-- budget lives outside the API's reach; only the function (service role) takes from it.
create table tagwright_internal.user_request_budget (
  user_id uuid primary key references auth.users (id) on delete cascade,
  tokens double precision not null,
  checked_at timestamptz not null default now()
);
comment on table tagwright_internal.user_request_budget is
  'Per-user token bucket for the jobs function: tokens left at checked_at.';

-- Takes one request from the user's budget of `per_minute` a minute (bursts up to that many).
-- Returns null when the request may go ahead, else the seconds to wait; a refused request uses no token.
create function public.take_user_request(user_id uuid, per_minute integer)
returns integer
language plpgsql security definer set search_path = '' as $$
declare
  per_second double precision;
  left_tokens double precision;
  found tagwright_internal.user_request_budget;
begin
  if per_minute is null or per_minute < 1 then
    raise exception 'per_minute must be at least 1 (got %).', per_minute using errcode = 'invalid_parameter_value';
  end if;
  per_second := per_minute / 60.0;
  insert into tagwright_internal.user_request_budget as b (user_id, tokens, checked_at)
  values (take_user_request.user_id, per_minute, now())
  on conflict on constraint user_request_budget_pkey do nothing;
  select * into found from tagwright_internal.user_request_budget b where b.user_id = take_user_request.user_id for update;
  left_tokens := least(per_minute::double precision, found.tokens + extract(epoch from now() - found.checked_at) * per_second);
  if left_tokens < 1 then
    update tagwright_internal.user_request_budget b set tokens = left_tokens, checked_at = now()
    where b.user_id = take_user_request.user_id;
    return ceil((1 - left_tokens) / per_second)::integer;
  end if;
  update tagwright_internal.user_request_budget b set tokens = left_tokens - 1, checked_at = now()
  where b.user_id = take_user_request.user_id;
  return null;
end
$$;
comment on function public.take_user_request(uuid, integer) is
  'For the jobs function: null when the user may make a request now, else the seconds to wait.';
revoke execute on function public.take_user_request(uuid, integer) from public, anon, authenticated;
grant execute on function public.take_user_request(uuid, integer) to service_role;
