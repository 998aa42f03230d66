/**
 * One realtime WebSocket: Phoenix heartbeats, channel join/leave, access_token updates, broadcast
 * between clients, and postgres_changes delivery through the router. A socket that stops reading
 * (too much buffered) or stops sending heartbeats is closed with a reason; others are unaffected.
 */
import type { JwtClaims } from '@tagwright/shared';
import { resyncMessage } from '@tagwright/shared/realtime';
import type { WebSocket } from 'ws';
import { AuthError, verifyToken } from '../jwt.ts';
import { type BroadcastPush, decodeBroadcastPush, encodeBroadcast } from './broadcast-frames.ts';
import { parseBindings } from './channel-join.ts';
import { decodeFrame, encodeFrame, encodeFrameWithPayload, type PhoenixMessage, ProtocolError, type Vsn } from './phoenix.ts';
import { type PresenceHub, type PresenceMember, presenceKey } from './presence.ts';
import type { ChangeRouter, Subscription } from './router.ts';

export interface SessionDeps {
  router: ChangeRouter;
  jwtSecret: string;
  /** Other sockets on the server, for broadcast. */
  sessions: Set<SocketSession>;
  presence: PresenceHub;
  log: (message: string, error?: unknown) => void;
  idleTimeoutMs: number;
  maxBufferedBytes: number;
}

type BroadcastMessage = Pick<BroadcastPush, 'event' | 'metadata' | 'encoding' | 'payload'>;

interface Channel {
  topic: string;
  joinRef: string | null;
  subscription: Subscription | undefined;
  broadcastSelf: boolean;
  broadcastAck: boolean;
  presence: PresenceMember;
}

export class SocketSession {
  private readonly channels = new Map<string, Channel>();
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly vsn: Vsn,
    private claims: JwtClaims,
    private readonly deps: SessionDeps,
  ) {
    deps.sessions.add(this);
    ws.on('message', (data, isBinary) => {
      this.touch();
      const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (isBinary) this.onBinaryBroadcast(buffer);
      else void this.onFrame(buffer.toString('utf8'));
    });
    ws.on('close', () => this.cleanup());
    this.touch();
  }

  /** Delivers a broadcast to this socket if it joined `topic` (and, for its own messages, asked for self). */
  relay(topic: string, message: BroadcastMessage, from: SocketSession): void {
    const channel = this.channels.get(topic);
    if (!channel || (from === this && !channel.broadcastSelf)) return;
    if (this.vsn === '2.0.0') {
      if (this.ws.readyState === this.ws.OPEN) this.ws.send(encodeBroadcast({ topic, ...message }));
      return;
    }
    const payload = message.encoding === 1 ? JSON.parse(message.payload.toString('utf8')) : [...message.payload];
    this.send({ join_ref: null, ref: null, topic, event: 'broadcast', payload: { type: 'broadcast', event: message.event, payload } });
  }

  /** Tells every channel with postgres_changes that it may have missed changes (and why), so clients refetch. */
  notifyResync(reason: string): void {
    for (const channel of this.channels.values()) channel.subscription?.resync(reason);
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.ws.close(1000, 'heartbeat timeout'), this.deps.idleTimeoutMs);
    this.idleTimer.unref();
  }

  private cleanup(): void {
    clearTimeout(this.idleTimer);
    for (const topic of [...this.channels.keys()]) this.leave(topic);
    this.deps.sessions.delete(this);
  }

  private send(message: PhoenixMessage): void {
    this.sendText(() => encodeFrame(this.vsn, message));
  }

  private sendText(frame: () => string): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.deps.maxBufferedBytes) {
      this.ws.close(1013, 'slow consumer: too many undelivered messages');
      return;
    }
    this.ws.send(frame());
  }

  private reply(m: PhoenixMessage, status: 'ok' | 'error', response: Record<string, unknown>): void {
    this.send({ join_ref: m.join_ref, ref: m.ref, topic: m.topic, event: 'phx_reply', payload: { status, response } });
  }

  private system(channel: Channel, status: 'ok' | 'error', message: string): void {
    this.send({
      join_ref: channel.joinRef,
      ref: null,
      topic: channel.topic,
      event: 'system',
      payload: { status, message, extension: 'postgres_changes', channel: channel.topic.replace(/^realtime:/, '') },
    });
  }

  private async onFrame(text: string): Promise<void> {
    let m: PhoenixMessage;
    try {
      m = decodeFrame(this.vsn, text);
    } catch (error) {
      this.deps.log(`realtime: dropped a bad frame (${(error as Error).message})`);
      return;
    }
    try {
      if (m.topic === 'phoenix' && m.event === 'heartbeat') return this.reply(m, 'ok', {});
      switch (m.event) {
        case 'phx_join':
          return await this.join(m);
        case 'phx_leave':
          this.leave(m.topic);
          this.reply(m, 'ok', {});
          return this.send({ join_ref: m.join_ref, ref: m.ref, topic: m.topic, event: 'phx_close', payload: {} });
        case 'access_token':
          return await this.updateToken(m);
        case 'broadcast':
          return this.broadcast(m);
        case 'presence':
          return this.presence(m);
        default:
          return this.reply(m, 'error', { reason: `unknown event "${m.event}"` });
      }
    } catch (error) {
      if (!(error instanceof AuthError || error instanceof ProtocolError))
        this.deps.log(`realtime: ${m.event} on ${m.topic} failed`, error);
      this.reply(m, 'error', { reason: (error as Error).message });
    }
  }

  private async join(m: PhoenixMessage): Promise<void> {
    const token = m.payload.access_token;
    const claims = typeof token === 'string' && token !== '' ? await verifyToken(token, this.deps.jwtSecret) : this.claims;
    const config = (m.payload.config ?? {}) as {
      postgres_changes?: unknown;
      broadcast?: { self?: boolean; ack?: boolean };
      presence?: { key?: unknown; enabled?: boolean };
    };
    const { bindings, reply } = parseBindings(config);
    this.leave(m.topic);
    const channel: Channel = {
      topic: m.topic,
      joinRef: m.join_ref,
      subscription: undefined,
      broadcastSelf: config.broadcast?.self === true,
      broadcastAck: config.broadcast?.ack === true,
      presence: {
        key: presenceKey(config.presence?.key),
        onDiff: (diff) => this.send({ join_ref: channel.joinRef, ref: null, topic: m.topic, event: 'presence_diff', payload: { ...diff } }),
      },
    };
    if (bindings.length > 0) {
      channel.subscription = {
        topic: m.topic,
        joinRef: m.join_ref,
        bindings,
        claims,
        deliver: (ids, data) =>
          this.sendText(() =>
            encodeFrameWithPayload(
              this.vsn,
              { join_ref: channel.joinRef, ref: null, topic: m.topic, event: 'postgres_changes' },
              `{"ids":${JSON.stringify(ids)},"data":${data}}`,
            ),
          ),
        resync: (reason) => this.system(channel, 'ok', resyncMessage(reason)),
      };
      // Registered before the reply: any row committed after the client sees SUBSCRIBED reaches it.
      this.deps.router.add(channel.subscription);
    }
    this.channels.set(m.topic, channel);
    this.reply(m, 'ok', { postgres_changes: reply });
    if (channel.subscription) this.system(channel, 'ok', 'Subscribed to PostgreSQL');
    // realtime-js holds presence diffs back until it has the state, so a listener gets it right after the reply.
    if (config.presence?.enabled !== false) {
      this.deps.presence.listen(m.topic, channel.presence);
      this.send({ join_ref: m.join_ref, ref: null, topic: m.topic, event: 'presence_state', payload: this.deps.presence.state(m.topic) });
    }
  }

  private presence(m: PhoenixMessage): void {
    const channel = this.channels.get(m.topic);
    if (!channel) throw new ProtocolError('join the channel before tracking presence');
    const { event, payload } = m.payload as { event?: unknown; payload?: unknown };
    if (event === 'track') {
      const meta = payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : {};
      this.deps.presence.track(m.topic, channel.presence, meta);
    } else if (event === 'untrack') this.deps.presence.untrack(m.topic, channel.presence);
    else throw new ProtocolError(`presence event "${String(event)}" is not track or untrack`);
    this.reply(m, 'ok', {});
  }

  private leave(topic: string): void {
    const channel = this.channels.get(topic);
    if (!channel) return;
    if (channel.subscription) this.deps.router.remove(channel.subscription);
    this.deps.presence.leave(topic, channel.presence);
    this.channels.delete(topic);
  }

  private async updateToken(m: PhoenixMessage): Promise<void> {
    const token = m.payload.access_token;
    const channel = this.channels.get(m.topic);
    try {
      if (typeof token !== 'string' || token === '') throw new AuthError('access_token is missing');
      const claims = await verifyToken(token, this.deps.jwtSecret);
      if (channel?.subscription) channel.subscription.claims = claims;
    } catch (error) {
      if (channel) {
        this.system(channel, 'error', (error as Error).message);
        this.leave(m.topic);
        this.send({
          join_ref: channel.joinRef,
          ref: null,
          topic: m.topic,
          event: 'phx_close',
          payload: { reason: (error as Error).message },
        });
      }
      throw error;
    }
  }

  /** JSON broadcast frames (vsn 1.0.0, or a vsn 2.0.0 client sending a non-string event). */
  private broadcast(m: PhoenixMessage): void {
    const { event, payload } = m.payload as { event?: unknown; payload?: unknown };
    this.fanOut(m.topic, m.ref, {
      event: String(event ?? ''),
      metadata: '',
      encoding: 1,
      payload: Buffer.from(JSON.stringify(payload ?? {})),
    });
  }

  private onBinaryBroadcast(frame: Buffer): void {
    try {
      const push = decodeBroadcastPush(frame);
      this.fanOut(push.topic, push.ref || null, push);
    } catch (error) {
      this.deps.log(`realtime: dropped a bad binary frame (${(error as Error).message})`);
    }
  }

  private fanOut(topic: string, ref: string | null, message: BroadcastMessage): void {
    const channel = this.channels.get(topic);
    const frame = { join_ref: channel?.joinRef ?? null, ref, topic, event: 'broadcast', payload: {} };
    if (!channel) {
      this.reply(frame, 'error', { reason: 'join the channel before broadcasting' });
      return;
    }
    for (const session of this.deps.sessions) session.relay(topic, message, this);
    if (channel.broadcastAck) this.reply(frame, 'ok', {});
  }
}
