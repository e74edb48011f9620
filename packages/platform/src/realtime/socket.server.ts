import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { AppError } from '../errors/app-error';
import { CallsInFlight } from '../http/calls-in-flight';
import type { AuthUser } from '../http/current-user.decorator';
import type { Logger } from '../observability/logger';
import type { SocketEndpoint, SocketHandler, SocketSession } from './socket-endpoint';
import type { UserChannels } from './user-channels';

/** The subprotocol a gateway speaks; a client offers it, and may offer `bearer.<access token>` beside it. */
export const SOCKET_PROTOCOL = 'coordina.v1';
const BEARER_PROTOCOL = 'bearer.';

/** Close codes (4000-4999 are the application's); the reason says what to do. */
export const SocketClose = {
  /** No valid access token within AUTH_TIMEOUT_MS, or an invalid one. */
  UNAUTHENTICATED: 4401,
  /** The URL carried an access token: refused (URLs end up in logs). */
  TOKEN_IN_URL: 4400,
  /** The client did not read its frames (too much buffered). */
  TOO_SLOW: 4408,
} as const;

const AUTH_TIMEOUT_MS = 5_000;
const PING_MS = 30_000;
const MAX_BUFFERED = 4 * 1024 * 1024;
const MAX_FRAME = 64 * 1024;
/** Query parameters that name a credential, and values that look like a JWT. */
const CREDENTIAL_PARAM = /^(token|access_?token|jwt|auth|authorization|bearer)$/i;
const JWT_LIKE = /^ey[\w-]+\.[\w-]+\.[\w-]*$/;

/**
 * Each frame object's WebSocket frame (header and JSON text, unmasked, uncompressed), built the
 * first time the object is sent (decision 0113): a frame published to a thousand members is
 * serialized and framed once and the same bytes are written to every socket.
 */
const framed = new WeakMap<object, Buffer>();
/** The last frame object framed: a fan-out hands the same object to every socket in a row. */
let lastFrame: object | undefined;
let lastBytes: Buffer | undefined;

function frameOf(frame: object): Buffer {
  if (frame === lastFrame && lastBytes) return lastBytes;
  let bytes = framed.get(frame);
  if (!bytes) {
    bytes = textFrame(JSON.stringify(frame));
    framed.set(frame, bytes);
  }
  lastFrame = frame;
  lastBytes = bytes;
  return bytes;
}

/** A final, unmasked text frame (RFC 6455 section 5.2: a server never masks). */
function textFrame(text: string): Buffer {
  const length = Buffer.byteLength(text);
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const bytes = Buffer.allocUnsafe(header + length);
  bytes[0] = 0x81; // FIN, opcode 1 (text)
  if (header === 2) bytes[1] = length;
  else if (header === 4) {
    bytes[1] = 126;
    bytes.writeUInt16BE(length, 2);
  } else {
    bytes[1] = 127;
    bytes.writeBigUInt64BE(BigInt(length), 2);
  }
  bytes.write(text, header);
  return bytes;
}

/**
 * A socket's frames written during this turn of the event loop, written together at its end
 * (decision 0114): a burst of facts fanned out in one turn (a consumer's batch, when it runs
 * behind) costs each socket one write, not one per frame. A frame waits at most for the
 * current turn's other work; alone in its turn it is written as before, one write. One such
 * object per socket, made when it opens, holds all a fan-out touches of it: the upgraded
 * connection its frames are written to (decision 0113) and the frames waiting.
 */
interface Outbox {
  ws: WebSocket;
  connection: Duplex;
  /** Waiting frames: one alone costs no array. */
  frames: Buffer | Buffer[] | undefined;
}

/** Outboxes with frames waiting, in the order they were first queued; those before `head` are written. */
const waiting: Outbox[] = [];
let head = 0;
let flushScheduled = false;

/** Queues the frame for the socket's write at the end of this turn. */
function enqueue(o: Outbox, bytes: Buffer): void {
  const frames = o.frames;
  if (frames === undefined) {
    o.frames = bytes;
    waiting.push(o);
  } else if (Array.isArray(frames)) frames.push(bytes);
  else o.frames = [frames, bytes];
  if (flushScheduled) return;
  flushScheduled = true;
  setImmediate(flushAll);
}

/**
 * Sockets written per slice of a flush (decisions 0133, 0144): a fan-out to thousands of sockets
 * is written a slice per turn of the event loop, so the answers the process waits for (a
 * database round trip, an HTTP request) are taken between slices instead of after every write of
 * the fan-out. A slice holds a large group's fan-out whole: split finer, fan-outs in a row
 * interleave and each one's last socket waits for the others' slices.
 */
export const FLUSH_SLICE = 1024;

/** Sockets with frames waiting for a flush (for tests of the slicing). */
export function socketsWaiting(): number {
  let n = 0;
  for (let i = head; i < waiting.length; i++) if (waiting[i]?.frames !== undefined) n++;
  return n;
}

function flushAll(): void {
  flushScheduled = false;
  const end = Math.min(waiting.length, head + FLUSH_SLICE);
  for (; head < end; head++) flush(waiting[head] as Outbox);
  if (head < waiting.length) {
    // The rest next turn; sockets queued meanwhile go after them, each socket's frames in order.
    flushScheduled = true;
    setImmediate(flushAll);
    return;
  }
  waiting.length = 0;
  head = 0;
}

/**
 * Writes the socket's waiting frames, in order (before anything `ws` itself writes: a close, an
 * error). A client that does not read, with more than MAX_BUFFERED bytes unsent, is closed
 * once they are queued: it reconnects and catches up.
 */
function flush(o: Outbox): void {
  const frames = o.frames;
  if (frames === undefined) return;
  o.frames = undefined;
  // Closing or closed: ws wrote its close frame; nothing may follow it.
  if (o.ws.readyState !== WebSocket.OPEN) return;
  o.connection.write(Array.isArray(frames) ? Buffer.concat(frames) : frames);
  if (o.connection.writableLength > MAX_BUFFERED) o.ws.close(SocketClose.TOO_SLOW, 'too many unread frames');
}

export interface SocketServerDeps {
  endpoints: readonly SocketEndpoint[];
  channels: UserChannels;
  /** The token's user (the gateway's own check: signature, expiry, session version). */
  authenticate: (token: string) => Promise<AuthUser>;
  log: Logger;
}

/**
 * Serves the manifests' WebSocket endpoints on a gateway's HTTP server (decision 0082): the
 * upgrade, the authentication (first frame `{type: 'auth', token}` or the `bearer.<token>`
 * subprotocol; never the URL), the user's channel, keepalive pings, and calls to the API as
 * the socket's user by injection into the same server (so every rule of HTTP applies).
 */
export function installSockets(app: FastifyInstance, deps: SocketServerDeps): void {
  if (deps.endpoints.length === 0) return;
  const byPath = new Map(deps.endpoints.map((e) => [e.path, e]));
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME,
    // Frames are written to the connection pre-framed (frameOf): never compressed.
    perMessageDeflate: false,
    handleProtocols: (offered) => (offered.has(SOCKET_PROTOCOL) ? SOCKET_PROTOCOL : false),
  });
  const alive = new WeakSet<WebSocket>();
  const calls = new CallsInFlight();
  const ping = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, PING_MS);
  ping.unref();
  app.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://gateway');
    const endpoint = byPath.get(url.pathname);
    if (!endpoint) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      alive.add(ws);
      ws.on('pong', () => alive.add(ws));
      const inUrl = [...url.searchParams].some(([k, v]) => CREDENTIAL_PARAM.test(k) || JWT_LIKE.test(v));
      if (inUrl) {
        ws.close(
          SocketClose.TOKEN_IN_URL,
          'access token in the URL refused: send it in the first frame or the subprotocol',
        );
        return;
      }
      accept(app, deps, endpoint, ws, req, socket, calls);
    });
  });
  app.addHook('onClose', async () => {
    clearInterval(ping);
    calls.closing = true;
    for (const ws of wss.clients) ws.close(1001, 'gateway stopping');
    wss.close();
    await deps.channels.close();
    // The sockets' calls in flight (a closed socket's last ones) end before the services close.
    await calls.close();
  });
}

function accept(
  app: FastifyInstance,
  deps: SocketServerDeps,
  endpoint: SocketEndpoint,
  ws: WebSocket,
  req: IncomingMessage,
  /** The upgraded connection `ws` writes to, in order: no compression, no queued sends (decision 0113). */
  socket: Duplex,
  calls: CallsInFlight,
): void {
  let token: string | undefined;
  let handler: SocketHandler | undefined;
  let unsubscribe: (() => void) | undefined;
  /** Frames go out through the turn's queue (frameOf, enqueue); a close follows the frames sent before it. */
  const outbox: Outbox = { ws, connection: socket, frames: undefined };
  const write = (frame: object) => enqueue(outbox, frameOf(frame));
  const close = (code: number, reason: string) => {
    flush(outbox);
    ws.close(code, reason);
  };
  const refuse = (reason: string) => close(SocketClose.UNAUTHENTICATED, reason.slice(0, 120));
  const timer = setTimeout(
    () => refuse(`no valid access token within ${AUTH_TIMEOUT_MS / 1000} s: send {"type":"auth","token":…} first`),
    AUTH_TIMEOUT_MS,
  );
  const forwarded = req.headers['x-forwarded-for'];
  const session = (user: AuthUser): SocketSession => ({
    user,
    // Whether the socket is open and reads its frames is seen when they are written (flush).
    send: write,
    call: async (method, target, body) => {
      if (calls.closing)
        return { status: 503, body: { title: 'Service Unavailable', detail: 'the gateway is stopping' } };
      const res = await calls.track(
        app.inject({
          method,
          url: target,
          remoteAddress: req.socket.remoteAddress,
          headers: {
            authorization: `Bearer ${token}`,
            ...(typeof forwarded === 'string' ? { 'x-forwarded-for': forwarded } : {}),
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
        }),
      );
      let parsed: unknown;
      try {
        parsed = res.body ? JSON.parse(res.body) : undefined;
      } catch {
        parsed = res.body;
      }
      return { status: res.statusCode, body: parsed };
    },
    publish: (userIds, frame) => deps.channels.publish(userIds, frame),
    close,
  });
  let current: AuthUser | undefined;
  const signIn = async (given: string, hello: Record<string, unknown> = {}): Promise<void> => {
    let user: AuthUser;
    try {
      user = await deps.authenticate(given);
    } catch (err) {
      return refuse(`invalid access token: ${err instanceof AppError ? err.message : 'rejected'}`);
    }
    if (handler) {
      // A fresh token for the same user (the old one is expiring); another user's is refused.
      if (user.id !== current?.id) return refuse('the token names another user');
      token = given;
      return;
    }
    clearTimeout(timer);
    token = given;
    current = user;
    const s = session(user);
    // Subscribed (confirmed) before `ready` and before the endpoint reads anything (a resume's
    // catch-up): whatever is published from then on reaches this socket.
    let h: SocketHandler | undefined;
    const early: unknown[] = [];
    let off: () => void;
    try {
      off = await deps.channels.subscribe(user.id, (frame) => (h ? h.onPublished(frame) : early.push(frame)));
    } catch {
      // Never `ready` without the user's channel: the client reconnects and tries again.
      return close(1011, 'realtime unavailable, reconnect');
    }
    if (ws.readyState !== WebSocket.OPEN) return off();
    unsubscribe = off;
    h = endpoint.open(s, hello);
    handler = h;
    for (const frame of early) h.onPublished(frame);
    s.send({ type: 'ready', userId: user.id });
  };
  ws.on('message', (data: RawData, isBinary: boolean) => {
    void onMessage(data, isBinary).catch((err) => {
      deps.log.error({ err }, 'socket frame failed');
      if (ws.readyState === WebSocket.OPEN) write({ type: 'error', status: 500, title: 'Internal error' });
    });
  });
  let signingIn: Promise<void> | undefined;
  const onMessage = async (data: RawData, isBinary: boolean): Promise<void> => {
    let frame: unknown;
    try {
      frame = isBinary ? undefined : JSON.parse(data.toString());
    } catch {
      frame = undefined;
    }
    const isAuth = typeof frame === 'object' && frame !== null && (frame as { type?: unknown }).type === 'auth';
    if (isAuth) {
      const { token: given, type: _type, ...hello } = frame as Record<string, unknown>;
      if (typeof given !== 'string') return refuse('auth frame without a token');
      signingIn = signIn(given, hello);
      return signingIn;
    }
    // Frames sent right after `auth` wait for it (in order) rather than being refused.
    if (signingIn) await signingIn;
    if (!handler) return refuse('authenticate first: {"type":"auth","token":…}');
    if (frame === undefined) return write({ type: 'error', status: 400, title: 'A frame is one JSON object (text)' });
    await handler.onFrame(frame);
  };
  ws.on('close', () => {
    outbox.frames = undefined;
    clearTimeout(timer);
    unsubscribe?.();
    handler?.onClose?.();
  });
  ws.on('error', (err) => deps.log.debug({ err }, 'socket error'));
  const offered = String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .find((p) => p.startsWith(BEARER_PROTOCOL));
  if (offered) signingIn = signIn(offered.slice(BEARER_PROTOCOL.length));
}
