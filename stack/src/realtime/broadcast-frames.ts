/**
 * realtime-js's binary broadcast frames (vsn 2.0.0): clients push kind 3 (user broadcast push),
 * the server delivers kind 4 (user broadcast). Payloads are JSON (encoding 1) or raw bytes (0).
 */
import { ProtocolError } from './phoenix.ts';

export interface BroadcastPush {
  joinRef: string;
  ref: string;
  topic: string;
  event: string;
  metadata: string;
  encoding: 0 | 1;
  payload: Buffer;
}

const PUSH = 3;
const DELIVER = 4;

export function decodeBroadcastPush(frame: Buffer): BroadcastPush {
  if (frame.length < 7 || frame[0] !== PUSH) throw new ProtocolError('binary frame is not a broadcast push');
  const sizes = [frame[1] ?? 0, frame[2] ?? 0, frame[3] ?? 0, frame[4] ?? 0, frame[5] ?? 0];
  const encoding = frame[6] === 0 ? 0 : 1;
  let offset = 7;
  const [joinRef, ref, topic, event, metadata] = sizes.map((size) => {
    const text = frame.subarray(offset, offset + size).toString('utf8');
    offset += size;
    return text;
  });
  if (offset > frame.length) throw new ProtocolError('binary broadcast frame is truncated');
  return {
    joinRef: joinRef ?? '',
    ref: ref ?? '',
    topic: topic ?? '',
    event: event ?? '',
    metadata: metadata ?? '',
    encoding,
    payload: frame.subarray(offset),
  };
}

export function encodeBroadcast(push: Pick<BroadcastPush, 'topic' | 'event' | 'metadata' | 'encoding' | 'payload'>): Buffer {
  const topic = Buffer.from(push.topic);
  const event = Buffer.from(push.event);
  const metadata = Buffer.from(push.metadata);
  if (topic.length > 255 || event.length > 255 || metadata.length > 255)
    throw new ProtocolError('broadcast topic, event or metadata over 255 bytes');
  const header = Buffer.from([DELIVER, topic.length, event.length, metadata.length, push.encoding]);
  return Buffer.concat([header, topic, event, metadata, push.payload]);
}
