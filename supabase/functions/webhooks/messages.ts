/**
 * What a webhook receives about a job ending, by the webhook's format: the generic JSON event (the
 * delivery's stored payload plus its id), a Slack incoming-webhook message, or a Discord embed.
 * All three say the same thing: which job, how it ended, its counts, the error, and a link.
 */

export type WebhookFormat = 'generic' | 'slack' | 'discord';

export interface JobEndedEvent {
  event: 'job.succeeded' | 'job.failed' | 'job.canceled';
  occurred_at: string;
  workspace: { id: string; name: string };
  job: {
    id: string;
    kind: string;
    status: string;
    error: string | null;
    items: Record<string, number>;
    summary: { labels?: { printed?: number; verified?: number } } | null;
    url: string | null;
    [field: string]: unknown;
  };
}

const TITLES: Record<JobEndedEvent['event'], string> = {
  'job.succeeded': 'Job succeeded',
  'job.failed': 'Job failed',
  'job.canceled': 'Job canceled',
};
const ICONS: Record<JobEndedEvent['event'], string> = { 'job.succeeded': '✅', 'job.failed': '❌', 'job.canceled': '⏹️' };
/** Discord embed colours: green, red, grey. */
const COLOURS: Record<JobEndedEvent['event'], number> = { 'job.succeeded': 0x2e9e5b, 'job.failed': 0xd64541, 'job.canceled': 0x8a8f98 };

/** "12 products: 10 succeeded, 1 failed, 1 skipped · 10 labels (8 verified)" */
export function describeCounts(event: JobEndedEvent): string {
  const items = Object.entries(event.job.items ?? {}).filter(([, n]) => n > 0);
  const total = items.reduce((sum, [, n]) => sum + n, 0);
  const parts: string[] = [];
  if (total > 0) parts.push(`${total} product${total === 1 ? '' : 's'}: ${items.map(([status, n]) => `${n} ${status}`).join(', ')}`);
  const labels = event.job.summary?.labels;
  if (labels?.printed !== undefined)
    parts.push(`${labels.printed} label${labels.printed === 1 ? '' : 's'} (${labels.verified ?? 0} verified)`);
  return parts.join(' · ');
}

function headline(event: JobEndedEvent): string {
  return `${TITLES[event.event]} in ${event.workspace.name}`;
}

export function messageBody(format: WebhookFormat, deliveryId: string, event: JobEndedEvent): unknown {
  const counts = describeCounts(event);
  const details = [counts, event.job.error ? `Error: ${event.job.error}` : ''].filter(Boolean);
  switch (format) {
    case 'generic':
      return { id: deliveryId, ...event };
    case 'slack': {
      const link = event.job.url ? `<${event.job.url}|${event.job.id}>` : event.job.id;
      const text = `${ICONS[event.event]} ${headline(event)}: job ${link}${details.length > 0 ? `\n${details.join('\n')}` : ''}`;
      return {
        text,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text } },
          { type: 'context', elements: [{ type: 'mrkdwn', text: `${event.job.kind} · ${event.occurred_at}` }] },
        ],
      };
    }
    case 'discord':
      return {
        username: 'Tagwright',
        embeds: [
          {
            title: `${ICONS[event.event]} ${headline(event)}`,
            description: [`Job ${event.job.id}`, ...details].join('\n').slice(0, 4000),
            color: COLOURS[event.event],
            timestamp: event.occurred_at,
            ...(event.job.url ? { url: event.job.url } : {}),
          },
        ],
      };
  }
}
