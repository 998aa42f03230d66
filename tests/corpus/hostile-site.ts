/**
 * A local site of bad pages for the crawl corpus: a good product page, and pages that hang, scroll
 * forever, are huge, are downloads, fail with 500, redirect forever or redirect to another address.
 * Also a plain listener standing in for an internal service, counting every request that reaches it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listener {
  url: string;
  /** host:port, ready for CRAWL_ALLOW_HOSTS. */
  host: string;
  hits(): number;
  stop(): Promise<void>;
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;

const PRODUCT = page(
  'Tin Mug',
  '<h1 itemprop="name">Tin Mug</h1><p class="price">€ 9.50</p><script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Tin Mug","sku":"GOOD-1","offers":{"@type":"Offer","price":"9.50","priceCurrency":"EUR"}}</script>',
);
const ENDLESS = page(
  'Endless',
  `<h1>Endless</h1><div id="feed"></div><script>
    let n = 0;
    const more = () => { for (let i = 0; i < 20; i++) { const p = document.createElement('p'); p.style.height = '200px'; p.textContent = 'Item ' + n++; feed.append(p); } };
    more(); addEventListener('scroll', more); setInterval(more, 50);
  </script>`,
);

function route(req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://site');
  const html = (status: number, body: string) => void res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  switch (url.pathname) {
    case '/product':
      return html(200, PRODUCT);
    case '/hang':
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<!doctype html><html><head><title>Loading'); // and never anything more
      return;
    case '/endless':
      return html(200, ENDLESS);
    case '/huge': {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      const chunk = `<p>${'filler '.repeat(9000)}</p>\n`;
      let left = Number(url.searchParams.get('mb') ?? 40) * 1024 * 1024;
      const pump = () => {
        while (left > 0 && !res.destroyed) {
          left -= chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      return pump();
    }
    case '/download':
      return void res
        .writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="catalogue.bin"' })
        .end(Buffer.alloc(4096, 1));
    case '/error':
      return html(500, page('Server error', '<h1>Internal Server Error</h1>'));
    case '/loop':
      return void res.writeHead(302, { location: `/loop?n=${Number(url.searchParams.get('n') ?? 0) + 1}` }).end();
    case '/redirect':
      return void res.writeHead(302, { location: url.searchParams.get('to') ?? '/' }).end();
    default:
      return html(404, page('Not found', 'Not found'));
  }
}

/** Starts a server on 127.0.0.1 and a free port; `handler` answers, every request is counted. */
export async function listen(handler: http.RequestListener = (_req, res) => res.end('internal secret')): Promise<Listener> {
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits++;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    hits: () => hits,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const startHostileSite = () => listen(route);
