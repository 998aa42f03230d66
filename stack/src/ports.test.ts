/** freePort hands out ports a server can listen on, outside the kernel's ephemeral range; isPortFree sees a listening server. */
import net from 'node:net';
import { expect, test } from 'vitest';
import { freePort, isPortFree } from './ports.ts';

test('free ports come from below the ephemeral range, and a server can listen on them; a taken one is not free', async () => {
  const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
  for (const port of ports) {
    expect(port).toBeGreaterThanOrEqual(20_000);
    expect(port).toBeLessThan(32_768);
  }
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(ports[0], '127.0.0.1', resolve));
  try {
    expect(await isPortFree(ports[0] ?? 0)).toBe(false);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  expect(await isPortFree(ports[0] ?? 0)).toBe(true);
});
