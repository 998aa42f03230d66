/**
 * `tagwright start` (npm start): the local stack, then a worker and the dashboard, with the demo workspace;
 * prints where everything is and stops it all on Ctrl-C, leaving no process behind.
 */
import path from 'node:path';
import { parsePort } from '@tagwright/shared';
import { ensureDemoUser, minimumPasswordLength, repoRoot, StackError, startStack } from '@tagwright/stack';
import { type Child, startChild, waitForHttpOk } from '../children.ts';
import { DEFAULT_DEMO_SHOP_PORT, startDemoShop } from '../demo/demo-shop.ts';
import { seedDemoProducts } from '../demo/seed-demo.ts';
import type { Command } from '../main.ts';
import { parseFlags, stackFlags, stackOptions } from '../options.ts';
import { untilSignal } from '../shutdown.ts';

export const startCommand: Command = {
  usage: 'start [--data-dir DIR] [--db-port N] [--api-port N] [--port N]',
  summary: 'Start everything (local stack, a worker, dashboard) with a demo; the dashboard is at http://localhost:5173.',
  async run(args) {
    const started = performance.now();
    const { values } = parseFlags(args, { ...stackFlags, port: { type: 'string' } });
    const webPort = parsePort(values.port ?? process.env.PORT, '--port', 5173);
    const signal = untilSignal();
    const options = stackOptions(values);
    const stack = await startStack(options);
    const children: Child[] = [];
    const shop = await startDemoShop(
      parsePort(process.env.TAGWRIGHT_DEMO_SHOP_PORT, 'TAGWRIGHT_DEMO_SHOP_PORT', DEFAULT_DEMO_SHOP_PORT),
    ).catch(async (error: Error) => {
      await stack.stop();
      throw new StackError(`The demo shop could not listen (${error.message}); set TAGWRIGHT_DEMO_SHOP_PORT to a free port.`);
    });
    const stopAll = async () => {
      await Promise.all(children.map((c) => c.stop()));
      await shop.stop();
      await stack.stop();
    };
    try {
      const demo = await ensureDemoUser(stack.sql, options.dataDir, minimumPasswordLength());
      await seedDemoProducts(stack.sql, shop);
      // the worker may open the demo shop (and whatever the user allowed already)
      const allow = [process.env.CRAWL_ALLOW_HOSTS, shop.host].filter(Boolean).join(',');
      const env = {
        ...process.env,
        ...stack.env,
        PORT: String(webPort),
        CRAWL_ALLOW_HOSTS: allow,
        TAGWRIGHT_SITE_URL: `http://localhost:${webPort}`,
      };
      const vite = path.join(repoRoot, 'node_modules/vite/bin/vite.js');
      const web = startChild('web', process.execPath, [vite, 'dev', '--port', String(webPort), '--strictPort', '--host', '127.0.0.1'], {
        cwd: path.join(repoRoot, 'web'),
        env,
      });
      children.push(web);
      const worker = startChild('worker', process.execPath, [path.join(repoRoot, 'cli/bin/tagwright.mjs'), 'worker'], {
        cwd: repoRoot,
        env,
      });
      children.push(worker);
      await Promise.race([
        waitForHttpOk(`http://127.0.0.1:${webPort}/api/health`, 60_000, () => web.process.exitCode === null),
        signal.then(() => Promise.reject(new StackError('interrupted while starting'))),
      ]).catch((error: Error) => {
        throw error instanceof StackError
          ? error
          : new StackError(`The dashboard did not start: ${error.message}; see the [web] lines above.`);
      });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(
        [
          '',
          `Tagwright is running (ready in ${seconds} s):`,
          `  Dashboard     http://localhost:${webPort}`,
          '  Worker        1 process (run `npx tagwright worker` for more)',
          `  API (Supabase) ${stack.env.SUPABASE_URL}`,
          `  Jobs API      ${stack.env.SUPABASE_URL}/functions/v1/jobs (key: \`npx tagwright apikey create --workspace Demo\`)`,
          `  Database      ${stack.env.DATABASE_URL}`,
          `  Schema        ${stack.migrations.latest ?? 'empty'}`,
          `  Sign in       ${demo.email}  password ${demo.password}  (owner of the Demo workspace)`,
          `  Demo shop     ${shop.url} (20 demo products point here: start a job on them)`,
          'Press Ctrl-C to stop.',
        ].join('\n'),
      );
      const crashed = Promise.race([
        ...children.map((c) => c.exited.then((code) => `${c.name} exited (${code})`)),
        ...(stack.postgres ? [stack.postgres.exited.then((code) => `Postgres exited (${code})`)] : []),
      ]);
      const reason = await Promise.race([signal, crashed]);
      if (!reason.startsWith('SIG')) throw new StackError(`${reason}; stopping everything. See the lines above.`);
      console.log('\nStopping…');
      return 0;
    } finally {
      await stopAll();
    }
  },
};
