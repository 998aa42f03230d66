/**
 * Presence as Supabase Realtime keeps it (Phoenix.Presence): per topic, who is tracked under which
 * key with which metadata. Joiners with presence enabled get `presence_state`; every track,
 * update, untrack and disconnect is sent to the topic's listeners as one `presence_diff`.
 */
import { randomUUID } from 'node:crypto';

export type Meta = Record<string, unknown> & { phx_ref: string };
export type PresenceMap = Record<string, { metas: Meta[] }>;
export interface PresenceDiff {
  joins: PresenceMap;
  leaves: PresenceMap;
}

/** One tracked channel (a socket's join of a topic); `listen` makes it receive diffs. */
export interface PresenceMember {
  key: string;
  onDiff(diff: PresenceDiff): void;
}

interface Topic {
  tracked: Map<PresenceMember, Meta>;
  listeners: Set<PresenceMember>;
}

let refs = 0;
const nextRef = () => `${Date.now().toString(36)}${(refs++).toString(36)}`;

/** The key a channel is tracked under: the one it asked for, else a fresh UUID (as Realtime does). */
export function presenceKey(requested: unknown): string {
  return typeof requested === 'string' && requested !== '' ? requested : randomUUID();
}

export class PresenceHub {
  private readonly topics = new Map<string, Topic>();

  private topic(name: string): Topic {
    let topic = this.topics.get(name);
    if (!topic) {
      topic = { tracked: new Map(), listeners: new Set() };
      this.topics.set(name, topic);
    }
    return topic;
  }

  /** Everyone tracked on the topic, grouped by key. */
  state(name: string): PresenceMap {
    const state: PresenceMap = {};
    for (const [member, meta] of this.topics.get(name)?.tracked ?? []) {
      const entry = state[member.key] ?? { metas: [] };
      entry.metas.push(meta);
      state[member.key] = entry;
    }
    return state;
  }

  listen(name: string, member: PresenceMember): void {
    this.topic(name).listeners.add(member);
  }

  /** Tracks (or re-tracks with new metadata) a member and tells the topic's listeners. */
  track(name: string, member: PresenceMember, payload: Record<string, unknown>): void {
    const topic = this.topic(name);
    const previous = topic.tracked.get(member);
    const meta: Meta = { ...payload, phx_ref: nextRef(), ...(previous ? { phx_ref_prev: previous.phx_ref } : {}) };
    topic.tracked.set(member, meta);
    this.send(topic, {
      joins: { [member.key]: { metas: [meta] } },
      leaves: previous ? { [member.key]: { metas: [previous] } } : {},
    });
  }

  untrack(name: string, member: PresenceMember): void {
    const topic = this.topics.get(name);
    const previous = topic?.tracked.get(member);
    if (!topic || !previous) return;
    topic.tracked.delete(member);
    this.send(topic, { joins: {}, leaves: { [member.key]: { metas: [previous] } } });
  }

  /** The channel left or its socket closed: untracked, and no longer listening. */
  leave(name: string, member: PresenceMember): void {
    this.untrack(name, member);
    const topic = this.topics.get(name);
    topic?.listeners.delete(member);
    if (topic && topic.listeners.size === 0 && topic.tracked.size === 0) this.topics.delete(name);
  }

  private send(topic: Topic, diff: PresenceDiff): void {
    for (const listener of topic.listeners) listener.onDiff(diff);
  }
}
