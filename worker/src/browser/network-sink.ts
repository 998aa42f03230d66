/**
 * A proxy that goes nowhere: a local TCP server that closes every connection at once. The worker's
 * Chromium is launched with it as its proxy, so the browser itself can reach no network at all —
 * every request a crawled page makes is answered by the SSRF guard's route handler from Node, and
 * anything that escapes routing (a redirect Chromium follows on its own, a WebSocket, a preconnect,
 * a service worker) fails closed. `escapes` lists where those attempts were headed (the proxy
 * request line's target, e.g. `accounts.google.com:443` — Chromium's own background calls land here
 * too), for tests and diagnostics.
 */
import net from 'node:net';

export interface NetworkSink {
  readonly proxyServer: string;
  /** Targets of the connections the browser tried to make on its own, oldest first (last 200). */
  escapes(): string[];
  close(): Promise<void>;
}

export async function startNetworkSink(): Promise<NetworkSink> {
  const targets: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    socket.on('error', () => {}); // the browser may reset first; there is nothing to report
    socket.setTimeout(1000, () => socket.destroy());
    socket.once('data', (data) => {
      // "CONNECT host:443 HTTP/1.1" or "GET http://host/path HTTP/1.1": keep the target only
      targets.push(data.toString('latin1').split('\r\n')[0]?.split(' ')[1] ?? '?');
      if (targets.length > 200) targets.shift();
      socket.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.unref();
  const { port } = server.address() as net.AddressInfo;
  return {
    proxyServer: `http://127.0.0.1:${port}`,
    escapes: () => [...targets],
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
