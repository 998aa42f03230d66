/**
 * GET /functions/v1/health: is the Functions runtime up? verify_jwt is off for it in
 * supabase/config.toml, so monitors can call it without a key.
 */
import { healthReport } from './health.ts';

Deno.serve(async () => {
  const report = await healthReport(
    (name) => Deno.env.get(name),
    (options) => Deno.connect(options),
  );
  return Response.json(report, { headers: { 'cache-control': 'no-store' } });
});
