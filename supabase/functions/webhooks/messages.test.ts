/** deno test: the three message forms say which job ended, how, its counts, error and link. */
import assert from 'node:assert/strict';
import { describeCounts, type JobEndedEvent, messageBody } from './messages.ts';

const event = (overrides: Partial<JobEndedEvent> = {}, job: Partial<JobEndedEvent['job']> = {}): JobEndedEvent => ({
  event: 'job.succeeded',
  occurred_at: '2026-11-27T10:00:00.123456+00:00',
  workspace: { id: 'w1', name: 'Corner Shop' },
  job: {
    id: 'j1',
    kind: 'label_run',
    status: 'succeeded',
    error: null,
    items: { succeeded: 10, failed: 1, skipped: 1 },
    summary: { labels: { printed: 10, verified: 8 } },
    url: 'https://dash.example/jobs/j1',
    ...job,
  },
  ...overrides,
});

Deno.test('counts read as a sentence, singular when one', () => {
  assert.equal(describeCounts(event()), '12 products: 10 succeeded, 1 failed, 1 skipped · 10 labels (8 verified)');
  assert.equal(
    describeCounts(event({}, { items: { succeeded: 1 }, summary: { labels: { printed: 1, verified: 1 } } })),
    '1 product: 1 succeeded · 1 label (1 verified)',
  );
  assert.equal(describeCounts(event({}, { items: {}, summary: null })), '');
});

Deno.test('generic is the stored event with the delivery id first', () => {
  const body = messageBody('generic', 'd1', event()) as Record<string, unknown>;
  assert.equal(body.id, 'd1');
  assert.deepEqual({ ...body, id: undefined }, { ...event(), id: undefined });
});

Deno.test('Slack: mrkdwn text with the link, the counts and the error', () => {
  const body = messageBody('slack', 'd1', event({ event: 'job.failed' }, { status: 'failed', error: 'Template gone' })) as {
    text: string;
    blocks: { type: string }[];
  };
  assert.match(body.text, /^❌ Job failed in Corner Shop: job <https:\/\/dash\.example\/jobs\/j1\|j1>/);
  assert.match(body.text, /12 products: 10 succeeded/);
  assert.match(body.text, /Error: Template gone/);
  assert.deepEqual(
    body.blocks.map((block) => block.type),
    ['section', 'context'],
  );
});

Deno.test('Discord: one embed coloured by outcome, linked, timestamped; no link when no dashboard URL', () => {
  const body = messageBody('discord', 'd1', event({ event: 'job.canceled' }, { status: 'canceled' })) as {
    username: string;
    embeds: Record<string, unknown>[];
  };
  assert.equal(body.username, 'Tagwright');
  assert.equal(body.embeds[0]?.title, '⏹️ Job canceled in Corner Shop');
  assert.equal(body.embeds[0]?.url, 'https://dash.example/jobs/j1');
  assert.equal(body.embeds[0]?.timestamp, '2026-11-27T10:00:00.123456+00:00');
  const plain = messageBody('discord', 'd1', event({}, { url: null })) as { embeds: Record<string, unknown>[] };
  assert.equal('url' in (plain.embeds[0] ?? {}), false);
  assert.notEqual(plain.embeds[0]?.color, body.embeds[0]?.color);
});
