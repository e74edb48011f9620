import type { ZodType } from 'zod';
import type { AuthUser } from '../http/current-user.decorator';

/** An API answer to a socket's call: the status and the parsed JSON body (a problem on 4xx/5xx). */
export interface SocketCallAnswer {
  status: number;
  body: unknown;
}

/** One authenticated socket, as its endpoint sees it. */
export interface SocketSession {
  readonly user: AuthUser;
  /** Writes a frame (JSON) to this socket. */
  send(frame: object): void;
  /**
   * Calls an API route as the socket's user, through the gateway's hooks (token, roles, rate
   * limits) to the owning service: the socket enforces exactly what HTTP enforces.
   */
  call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', target: string, body?: unknown): Promise<SocketCallAnswer>;
  /** Publishes a frame to users' sockets on every gateway (the user channels). */
  publish(userIds: readonly string[], frame: object): Promise<void>;
  /** Closes the socket with a code (4000-4999 are the application's) and a reason. */
  close(code: number, reason: string): void;
}

/** What an endpoint does with one socket's traffic. */
export interface SocketHandler {
  /** A frame the client sent (parsed JSON, not validated yet). */
  onFrame(frame: unknown): Promise<void>;
  /** A frame published to the socket's user on the user channels. */
  onPublished(frame: unknown): void;
  onClose?(): void;
}

/**
 * A WebSocket endpoint a service declares in its manifest; every gateway serves it. The
 * gateway authenticates the socket (token in the first frame or the subprotocol), subscribes
 * its user's channel, and hands both directions to the endpoint. Its frames are documented in
 * the AsyncAPI file.
 */
export interface SocketEndpoint {
  readonly path: string;
  readonly summary: string;
  /** Frames the client sends, by `type` (documentation and validation). */
  readonly clientFrames: Readonly<Record<string, { description: string; schema: ZodType }>>;
  /** Frames the server sends, by `type`. */
  readonly serverFrames: Readonly<Record<string, { description: string; schema: ZodType }>>;
  /**
   * A signed-in socket. `hello` is the auth frame without its token (empty with the
   * subprotocol): what the client asked for before any frame for it can arrive.
   */
  open(session: SocketSession, hello: Record<string, unknown>): SocketHandler;
}
