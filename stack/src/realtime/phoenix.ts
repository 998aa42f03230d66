/**
 * Phoenix channel frames as realtime-js sends and expects them: vsn 1.0.0 JSON objects and vsn
 * 2.0.0 JSON arrays `[join_ref, ref, topic, event, payload]` (refs are strings or null).
 */

export type Vsn = '1.0.0' | '2.0.0';

export interface PhoenixMessage {
  join_ref: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: Record<string, unknown>;
}

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

export function parseVsn(value: string | null): Vsn {
  if (value === null || value === '' || value === '1.0.0') return '1.0.0';
  if (value === '2.0.0') return '2.0.0';
  throw new ProtocolError(`unsupported vsn "${value}"; use 1.0.0 or 2.0.0`);
}

const asRef = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function decodeFrame(vsn: Vsn, text: string): PhoenixMessage {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ProtocolError('frame is not JSON');
  }
  if (vsn === '2.0.0') {
    if (!Array.isArray(raw) || raw.length !== 5) throw new ProtocolError('vsn 2.0.0 frames are [join_ref, ref, topic, event, payload]');
    const [joinRef, ref, topic, event, payload] = raw as unknown[];
    return check({ join_ref: asRef(joinRef), ref: asRef(ref), topic, event, payload });
  }
  const o = (raw ?? {}) as Record<string, unknown>;
  return check({ join_ref: asRef(o.join_ref), ref: asRef(o.ref), topic: o.topic, event: o.event, payload: o.payload });
}

function check(m: { join_ref: string | null; ref: string | null; topic: unknown; event: unknown; payload: unknown }): PhoenixMessage {
  if (typeof m.topic !== 'string' || typeof m.event !== 'string') throw new ProtocolError('frame needs a string topic and event');
  const payload = m.payload && typeof m.payload === 'object' && !Array.isArray(m.payload) ? (m.payload as Record<string, unknown>) : {};
  return { join_ref: m.join_ref, ref: m.ref, topic: m.topic, event: m.event, payload };
}

export function encodeFrame(vsn: Vsn, m: PhoenixMessage): string {
  return encodeFrameWithPayload(vsn, m, JSON.stringify(m.payload));
}

/** A frame around a payload that is JSON text already (a change serialised once for many channels). */
export function encodeFrameWithPayload(vsn: Vsn, m: Omit<PhoenixMessage, 'payload'>, payloadJson: string): string {
  const [joinRef, ref, topic, event] = [m.join_ref, m.ref, m.topic, m.event].map((v) => JSON.stringify(v));
  return vsn === '2.0.0'
    ? `[${joinRef},${ref},${topic},${event},${payloadJson}]`
    : `{"join_ref":${joinRef},"ref":${ref},"topic":${topic},"event":${event},"payload":${payloadJson}}`;
}
