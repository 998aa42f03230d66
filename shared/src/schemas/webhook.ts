/** A webhook as people set it up (dashboard, API): where, in which form, for which job endings. Mirrors the webhooks table's checks. */
import { z } from 'zod';

export const webhookEvents = ['job.succeeded', 'job.failed', 'job.canceled'] as const;
export const webhookFormats = ['generic', 'slack', 'discord'] as const;

export const webhookInput = z.object({
  url: z
    .string()
    .trim()
    .max(2000, 'the URL is longer than 2000 characters')
    .regex(/^https?:\/\/\S+$/i, 'the URL must start with http:// or https://'),
  format: z.enum(webhookFormats).default('generic'),
  events: z
    .array(z.enum(webhookEvents))
    .min(1, 'choose at least one event')
    .default([...webhookEvents]),
  enabled: z.boolean().default(true),
});
export type WebhookInput = z.infer<typeof webhookInput>;
