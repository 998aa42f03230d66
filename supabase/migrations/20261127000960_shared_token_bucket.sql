-- API keys (authenticate_api_key) and signed-in users (take_user_request) are rate-limited by the
-- same token bucket; its arithmetic lived in both functions. It now lives here once, and both are
-- redefined on it with unchanged signatures and behaviour.

-- The tokens in a bucket of `per_minute` (its size, and its refill a minute) that held `tokens` at
-- `checked_at`; a bucket never seen (nulls) is full.
create function tagwright_internal.bucket_tokens(tokens double precision, checked_at timestamptz, per_minute integer)
returns double precision
language sql stable set search_path = '' as $$
  select least(per_minute::double precision,
    coalesce(tokens, per_minute) + extract(epoch from now() - coalesce(checked_at, now())) * (per_minute / 60.0))
$$;

-- Null when a request may take a token from a bucket holding `tokens`, else the whole seconds until it may.
create function tagwright_internal.bucket_wait_seconds(tokens double precision, per_minute integer)
returns integer
language sql immutable set search_path = '' as $$
  select case when tokens >= 1 then null else ceil((1 - tokens) / (per_minute / 60.0))::integer end
$$;
revoke execute on function tagwright_internal.bucket_tokens(double precision, timestamptz, integer) from public;
revoke execute on function tagwright_internal.bucket_wait_seconds(double precision, integer) from public;

create or replace function public.authenticate_api_key(key text)
returns table (key_id uuid, workspace_id uuid, prefix text, outcome text, retry_after_seconds integer)
language plpgsql security definer set search_path = '' as $$
declare
  found public.api_keys;
  tokens double precision;
  wait integer;
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
  tokens := tagwright_internal.bucket_tokens(found.rate_tokens, found.rate_checked_at, found.rate_limit_per_minute);
  wait := tagwright_internal.bucket_wait_seconds(tokens, found.rate_limit_per_minute);
  if wait is not null then
    update public.api_keys k set rate_tokens = tokens, rate_checked_at = now() where k.id = found.id;
    return query select found.id, found.workspace_id, found.prefix, 'rate_limited', wait;
    return;
  end if;
  update public.api_keys k set rate_tokens = tokens - 1, rate_checked_at = now(), last_used_at = now() where k.id = found.id;
  return query select found.id, found.workspace_id, found.prefix, 'ok', null::integer;
end
$$;

create or replace function public.take_user_request(user_id uuid, per_minute integer)
returns integer
language plpgsql security definer set search_path = '' as $$
declare
  left_tokens double precision;
  wait integer;
  found tagwright_internal.user_request_budget;
begin
  if per_minute is null or per_minute < 1 then
    raise exception 'per_minute must be at least 1 (got %).', per_minute using errcode = 'invalid_parameter_value';
  end if;
  insert into tagwright_internal.user_request_budget as b (user_id, tokens, checked_at)
  values (take_user_request.user_id, per_minute, now())
  on conflict on constraint user_request_budget_pkey do nothing;
  select * into found from tagwright_internal.user_request_budget b where b.user_id = take_user_request.user_id for update;
  left_tokens := tagwright_internal.bucket_tokens(found.tokens, found.checked_at, per_minute);
  wait := tagwright_internal.bucket_wait_seconds(left_tokens, per_minute);
  update tagwright_internal.user_request_budget b set tokens = left_tokens - case when wait is null then 1 else 0 end,
    checked_at = now()
  where b.user_id = take_user_request.user_id;
  return wait;
end
$$;
