-- The local Realtime's RLS check: may each of these JWT claim sets SELECT the row with this primary key?
-- One call per change answers for every distinct subscriber, each checked as its own role and claims
-- (what Supabase Realtime's realtime.apply_rls does). Per table, a function with a static query is
-- generated, so PL/pgSQL keeps its plan (re-planned per role, as RLS requires). Only the stack's
-- superuser calls these.
create schema if not exists tagwright_realtime;
revoke all on schema tagwright_realtime from public;

-- Makes (or remakes, when the key changed) the checker for `target` and returns its name.
create or replace function tagwright_realtime.checker_for(target regclass) returns text
language plpgsql volatile as $f$
declare
  name text := 'visible_' || target::oid;
  condition text;
begin
  select string_agg(format('%I = (key_values[%s])::%s', a.attname, k.i, format_type(a.atttypid, a.atttypmod)), ' and ' order by k.i)
    into condition
    from pg_index x
    cross join unnest(x.indkey) with ordinality as k(attnum, i)
    join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.attnum
    where x.indrelid = target and x.indisprimary;
  if condition is null then
    raise exception 'tagwright_realtime.checker_for: % has no primary key, so its rows cannot be checked', target;
  end if;
  execute format($g$
    create or replace function tagwright_realtime.%I(claims jsonb[], key_values text[]) returns boolean[]
    language plpgsql volatile as $body$
    declare
      c jsonb;
      result boolean[] := '{}';
    begin
      foreach c in array claims loop
        -- Never fall through to the caller's (superuser) rights.
        if c ->> 'role' is distinct from 'anon' and c ->> 'role' is distinct from 'authenticated' then
          raise exception 'tagwright_realtime: role %% is not anon or authenticated', coalesce(c ->> 'role', 'null');
        end if;
        perform set_config('role', c ->> 'role', true);
        perform set_config('request.jwt.claims', c::text, true);
        result := result || exists (select 1 from %s where %s);
      end loop;
      perform set_config('role', 'none', true);
      perform set_config('request.jwt.claims', '', true);
      return result;
    end
    $body$
  $g$, name, target, condition);
  execute format('revoke all on function tagwright_realtime.%I(jsonb[], text[]) from public', name);
  return name;
end
$f$;
revoke all on function tagwright_realtime.checker_for(regclass) from public;
