-- TRUNCATE skips row level security, and Supabase's default grants give it to the API roles on
-- every table in public. No Tagwright path needs it (the REST API can't issue it), so take it away
-- from anon and authenticated on every table, now and for tables made later.
revoke truncate on all tables in schema public from anon, authenticated;
alter default privileges in schema public revoke truncate on tables from anon, authenticated;
