/** Port helpers: is a TCP port free on loopback, and find a free one for a server to listen on. */
import net from 'node:net';

/**
 * Where freePort looks: below Linux's ephemeral range (32768–60999) and macOS's (49152–65535).
 * A port the kernel hands out for listen(0) or for an outgoing connection's local end can be
 * handed out again at any moment, so a server told to use one later may find it taken; ports
 * from here are only taken by someone who asked for them.
 */
const RANGE = { from: 20_000, to: 32_767 };
const TRIES = 50;

export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port free now on `host`, for a server started next (a server in this process can listen on 0 instead). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let i = 0; i < TRIES; i++) {
    const port = RANGE.from + Math.floor(Math.random() * (RANGE.to - RANGE.from + 1));
    if (await isPortFree(port, host)) return port;
  }
  return kernelPort(host);
}

function kernelPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
