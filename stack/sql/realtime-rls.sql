-- The local Realtime's RLS check: may each of these JWT claim sets SELECT the row with this primary key?
-- One call per change answers for every distinct subscriber, each checked as its own role and claims
-- (what Supabase Realtime's realtime.apply_rls does). Only the stack's superuser calls it.
create schema if not exists tagwright_realtime;
revoke all on schema tagwright_realtime from public;

create or replace function tagwright_realtime.visible_to(
  claims jsonb[],
  target regclass,
  key_columns text[],
  key_values text[]
) returns boolean[]
language plpgsql volatile as $f$
declare
  condition text;
  query text;
  c jsonb;
  visible boolean;
  result boolean[] := '{}';
begin
  -- Each key value is cast to its column's own type, so the primary key index is used.
  select string_agg(format('%I = ($1[%s])::%s', a.attname, k.i, format_type(a.atttypid, a.atttypmod)), ' and ')
    into condition
    from unnest(key_columns) with ordinality as k(col, i)
    join pg_attribute a on a.attrelid = target and a.attname = k.col and not a.attisdropped;
  if condition is null or cardinality(key_columns) = 0 then
    raise exception 'tagwright_realtime.visible_to: % has no such key columns %', target, key_columns;
  end if;
  query := format('select exists (select 1 from %s where %s)', target, condition);
  foreach c in array claims loop
    -- Never fall through to the caller's (superuser) rights.
    if c ->> 'role' is distinct from 'anon' and c ->> 'role' is distinct from 'authenticated' then
      raise exception 'tagwright_realtime.visible_to: role % is not anon or authenticated', coalesce(c ->> 'role', 'null');
    end if;
    perform set_config('role', c ->> 'role', true);
    perform set_config('request.jwt.claims', c::text, true);
    execute query into visible using key_values;
    result := result || visible;
  end loop;
  perform set_config('role', 'none', true);
  perform set_config('request.jwt.claims', '', true);
  return result;
end
$f$;
revoke all on function tagwright_realtime.visible_to(jsonb[], regclass, text[], text[]) from public;
