/** The worker process's /metrics endpoint (WORKER_METRICS_PORT): the shared Tagwright metrics, read from its database. */
import http from 'node:http';
import type { Sql } from '@tagwright/shared';
import { PROMETHEUS_CONTENT_TYPE, tagwrightMetrics } from '@tagwright/worker/metrics';

export async function startMetricsServer(sql: Sql, port: number, log: (message: string, error?: unknown) => void): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Metrics are at /metrics.\n');
      return;
    }
    tagwrightMetrics(sql, { name: 'worker' }).then(
      (text) => res.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE }).end(text),
      (error: Error) => {
        log('metrics: reading the database failed', error);
        res.writeHead(503, { 'content-type': 'text/plain' }).end(`The database did not answer: ${error.message}\n`);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', resolve);
  });
  return server;
}
