/** deno test: a delivery to an internal address is refused before anything is sent, and goes out once the host is allowlisted. */
import assert from 'node:assert/strict';
import { createSsrfGuard, parseAllowHosts } from '../../../shared/src/net/index.ts';
import { type ClaimedDelivery, sendOnce } from './deliver.ts';

function deliveryTo(url: string): ClaimedDelivery {
  return {
    id: '3f0c8a52-8a5e-4d39-9a55-0a4f3b7f3d10',
    event: 'job.succeeded',
    payload: {
      event: 'job.succeeded',
      occurred_at: '2026-11-27T10:00:00Z',
      workspace: { id: 'w', name: 'Shop' },
      job: { id: 'j', kind: 'label_run', status: 'succeeded', error: null, items: { succeeded: 1 }, summary: null, url: null },
    },
    url,
    format: 'generic',
    secret: 'whsec_test',
    timeout_ms: 5_000,
  };
}

Deno.test('receivers at loopback, private and metadata addresses get nothing unless WEBHOOK_ALLOW_HOSTS names them', async () => {
  let received = 0;
  const receiver = Deno.serve({ hostname: '127.0.0.1', port: 0, onListen: () => {} }, () => {
    received++;
    return new Response('ok');
  });
  const port = receiver.addr.port;
  try {
    const guard = createSsrfGuard({ allowHosts: [], allowVariable: 'WEBHOOK_ALLOW_HOSTS', action: 'sent webhooks' });
    for (const [url, why] of [
      [`http://127.0.0.1:${port}/hook`, /not sent: 127\.0\.0\.1 is a loopback address; add the host to WEBHOOK_ALLOW_HOSTS/],
      [`http://localhost:${port}/hook`, /not sent: localhost resolves to .*loopback address/],
      ['http://169.254.169.254/latest/meta-data', /cloud metadata address/],
      ['http://10.1.2.3/hook', /private address/],
      ['ftp://hooks.example/hook', /only http and https URLs are sent webhooks/],
    ] as const) {
      const sent = await sendOnce(deliveryTo(url), guard);
      assert.equal(sent.statusCode, null, url);
      assert.match(sent.error ?? '', why);
    }
    assert.equal(received, 0);

    const allowed = createSsrfGuard({ allowHosts: parseAllowHosts(`127.0.0.1:${port}`, 'WEBHOOK_ALLOW_HOSTS') });
    const sent = await sendOnce(deliveryTo(`http://127.0.0.1:${port}/hook`), allowed);
    assert.deepEqual([sent.statusCode, sent.error, received], [200, null, 1]);
  } finally {
    await receiver.shutdown();
  }
});
