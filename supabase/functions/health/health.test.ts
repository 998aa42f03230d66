/** deno test for the health report: env presence only, database reachability against a real listener. */
import assert from 'node:assert/strict';
import { databaseReachable, healthReport } from './health.ts';

Deno.test('reports ok, the Deno version and which Supabase variables are set', async () => {
  const env: Record<string, string> = { SUPABASE_URL: 'http://127.0.0.1:54321', SUPABASE_ANON_KEY: 'anon' };
  const report = await healthReport(
    (name) => env[name],
    (options) => Deno.connect(options),
  );
  assert.equal(report.ok, true);
  assert.equal(report.function, 'health');
  assert.equal(report.deno, Deno.version.deno);
  assert.deepEqual(report.env, { SUPABASE_URL: true, SUPABASE_ANON_KEY: true, SUPABASE_SERVICE_ROLE_KEY: false, SUPABASE_DB_URL: false });
  assert.equal(report.database, 'not configured');
  assert.ok(!Number.isNaN(Date.parse(report.time)));
});

Deno.test('the database is reachable when its port accepts connections, unreachable when not', async () => {
  const listener = Deno.listen({ hostname: '127.0.0.1', port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  const connect = (options: { hostname: string; port: number }) => Deno.connect(options);
  assert.equal(await databaseReachable(`postgresql://postgres@127.0.0.1:${port}/postgres`, connect), 'reachable');
  listener.close();
  assert.equal(await databaseReachable(`postgresql://postgres@127.0.0.1:${port}/postgres`, connect), 'unreachable');
  assert.equal(await databaseReachable('not a url', connect), 'unreachable');
});
