-- updated_at must grow with every committed change of a row, because live clients keep the newest
-- version by it. now() is the transaction's start: a transaction that started earlier but waited
-- for the row lock would commit an older stamp than the version before it (the chaos suite caught a
-- job's final 'succeeded' losing to an earlier lease renewal that way). The trigger runs once the
-- lock is held, so the wall clock then is past every earlier version; +1 µs covers equal clocks.
create or replace function public.set_updated_at() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.updated_at := greatest(clock_timestamp(), old.updated_at + interval '1 microsecond');
  return new;
end
$$;
