/** Job events in words for the feeds. */
import { describe, expect, test } from 'vitest';
import { describeEvent, eventTone } from './event-text.ts';

describe('event words', () => {
  test('known events in words, others from their type', () => {
    expect(describeEvent({ type: 'items:created', payload: { count: 20 } })).toBe('20 products queued for checking');
    expect(describeEvent({ type: 'job:failed', payload: { error: 'Template not found' } })).toBe('Job failed — Template not found');
    expect(describeEvent({ type: 'job:retry_scheduled', payload: {} })).toBe('Job retry scheduled');
    expect(describeEvent({ type: 'item:failed', payload: { url: 'http://s/p', error: 'http://s/p returned 404' } })).toBe(
      'Page failed: http://s/p returned 404',
    );
    expect(describeEvent({ type: 'item:failed', payload: { url: 'http://s/p', error: 'timeout' } })).toBe(
      'Page failed: http://s/p — timeout',
    );
    expect(eventTone('item:failed')).toBe('error');
    expect(eventTone('label:skipped')).toBe('warn');
  });
});
