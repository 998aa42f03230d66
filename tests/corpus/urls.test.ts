/**
 * Bad-input corpus, product URLs: schemes other than http(s) are row errors at import (the products
 * table refuses them too); addresses inside the network fail their item in a real label_run with the
 * reason, while the good product in the same job still succeeds — and the internal listener is never
 * reached, not by a DNS name that resolves to it nor by a redirect from an allowed host.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { importProducts } from '../../worker/src/import/index.ts';
import { createWorkspace } from '../../worker/src/testing.ts';
import { useCrawlCorpus } from './crawl-corpus.ts';

const corpus = useCrawlCorpus({ 'rebind.example': '127.0.0.1', 'metadata.example': '169.254.169.254' });
const good = () => `${corpus.site.url}/product`;

test.each([
  ['file:///etc/passwd'],
  ['javascript:alert(1)'],
  ['data:text/html,<script>alert(1)</script>'],
  ['ftp://files.example.com/catalogue'],
])('%s in the spreadsheet is a row error; the good row imports', async (url) => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-corpus-url-'));
  const file = path.join(dir, 'urls.csv');
  await fs.writeFile(file, `SKU,Name,URL\nGOOD-1,Good,${good()}\nBAD-1,Bad,"${url}"\n`);
  const ws = await createWorkspace(corpus.sql, 'urls');
  const summary = await importProducts({ sql: corpus.sql, workspaceId: ws, file });
  await fs.rm(dir, { recursive: true, force: true });
  expect(summary).toMatchObject({ imported: 1, errors: 1 });
  const [row] = await corpus.sql<{ errors: unknown[] }[]>`select errors from imports where id = ${summary.import_id}`;
  expect(row?.errors).toEqual([{ row: 3, column: 'C (URL)', message: 'URL must start with http:// or https://' }]);
  const refused = await corpus.sql`insert into products (workspace_id, sku, name, url) values (${ws}, 'SQL-1', 'x', ${url})`.catch(
    (e) => e,
  );
  expect(refused).toMatchObject({ code: '23514', constraint_name: 'products_url_check' });
});

/** One job with the good product and `url`; the bad item fails with a reason matching `reason`. */
async function blocked(url: string, reason: RegExp) {
  const before = corpus.internal.hits();
  const items = await corpus.run({ 'GOOD-1': good(), 'BAD-1': url });
  expect(items['GOOD-1']).toMatchObject({ status: 'succeeded', error: null });
  expect(items['BAD-1']?.status).toBe('failed');
  expect(items['BAD-1']?.error).toMatch(reason);
  expect(items['BAD-1']?.error).toMatch(/CRAWL_ALLOW_HOSTS|not a URL|http/);
  expect(corpus.internal.hits()).toBe(before);
}

test.each([
  ['10/8', 'http://10.1.2.3/product'],
  ['172.16/12', 'http://172.20.0.5/product'],
  ['192.168/16', 'http://192.168.1.1/admin'],
  ['link-local', 'http://169.254.10.20/'],
  ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
  ['IPv6 loopback', 'http://[::1]/'],
  ['IPv4-mapped IPv6', 'http://[::ffff:127.0.0.1]/'],
])('a private address (%s) fails its item with the reason; the good item succeeds', { timeout: 90_000 }, async (_what, url) => {
  await blocked(url, /private|loopback|link-local|metadata|reserved|internal|not allowed|forbidden/i);
});

test('a loopback address (the internal listener) fails its item and is never reached', { timeout: 90_000 }, async () => {
  await blocked(`${corpus.internal.url}/secret`, /loopback/i);
});

test('DNS rebinding: a host name resolving to the internal listener fails its item; no request reaches it', {
  timeout: 90_000,
}, async () => {
  const port = new URL(corpus.internal.url).port;
  await blocked(`http://rebind.example:${port}/secret`, /rebind\.example.*127\.0\.0\.1|loopback/i);
});

test('a host name resolving to the cloud metadata address fails its item', { timeout: 90_000 }, async () => {
  await blocked('http://metadata.example/latest/meta-data/', /169\.254\.169\.254/);
});

test('a redirect from the allowed shop to an internal address fails its item; the internal listener is never reached', {
  timeout: 90_000,
}, async () => {
  await blocked(`${corpus.site.url}/redirect?to=${encodeURIComponent(`${corpus.internal.url}/secret`)}`, /redirect|loopback/i);
});
