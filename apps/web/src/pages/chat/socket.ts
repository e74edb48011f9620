import type { paths } from '../../api/openapi';
import { session } from '../../api/session';

type Message = NonNullable<
  paths['/api/chat/conversations/{id}']['get']['responses']['200']['content']['application/json']['lastMessage']
>;

/** The chat socket's path on every gateway (decision 0082). */
const PATH = '/api/chat/ws';
const MAX_BACKOFF_MS = 30_000;
/** How long the socket stays open after the last page stops using it (a page change reuses it). */
const IDLE_CLOSE_MS = 10_000;

/** The server frames the pages use (services/chat/messaging/src/contracts/socket.frames.ts). */
export type ServerFrame =
  | { type: 'ready'; userId: string }
  | {
      type: 'message' | 'message.edited' | 'message.deleted' | 'message.payment';
      message: Message;
      /** The change's position in its conversation (decision 0104). */
      change: number;
    }
  | { type: 'typing'; conversationId: string; userId: string; at: string }
  | { type: 'presence'; userId: string; online: boolean; lastSeenAt: string | null }
  | { type: 'channel.post'; channelId: string; postId: string }
  | { type: 'media.ready'; mediaId: string; kind: string; conversationIds: string[] }
  | { type: 'resumed'; conversationId: string; lastSeq: number; lastChange: number }
  /** The changes a resume asked for are no longer kept (decision 0116): reload the history. */
  | { type: 'resync'; conversationId: string }
  | { type: 'error'; status: number; title: string };

type ClientFrame =
  | { type: 'resume'; conversationId: string; afterSeq: number }
  | { type: 'resume'; conversationId: string; afterChange: number }
  | { type: 'typing'; conversationId: string };

type Listener = (frame: ServerFrame) => void;

/**
 * The tab's one chat socket: opened while a page listens, authenticated by the first frame
 * (the token never goes in the URL), reopened with a growing backoff when it closes (a 4401
 * first refreshes the token), and given the new token when the session refreshes it. `ready`
 * says whether frames flow; pages poll while it is false.
 */
class ChatSocket {
  private socket: WebSocket | undefined;
  private listeners = new Set<Listener>();
  private stateListeners = new Set<() => void>();
  private ready = false;
  private attempts = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private idle: ReturnType<typeof setTimeout> | undefined;
  private sentToken: string | undefined;

  constructor() {
    session.subscribe(() => {
      const token = session.current()?.accessToken;
      if (!token) this.close();
      else if (!this.socket && this.listeners.size > 0) this.open();
      else if (this.ready && token !== this.sentToken) this.auth(token);
    });
  }

  isReady = (): boolean => this.ready;

  onReady = (listener: () => void): (() => void) => {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  };

  /** Frames from now on to `listener`; the socket opens with the first listener. */
  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    clearTimeout(this.idle);
    this.open();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.idle = setTimeout(() => this.close(), IDLE_CLOSE_MS);
    };
  }

  /** Sends a frame when the socket is ready (false otherwise: the caller falls back to HTTP). */
  send(frame: ClientFrame): boolean {
    if (!this.ready || !this.socket) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  private open(): void {
    if (this.socket || this.retry || typeof WebSocket === 'undefined') return;
    const token = session.current()?.accessToken;
    if (!token) return;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}${PATH}`);
    this.socket = socket;
    socket.onopen = () => this.auth(token);
    socket.onmessage = (event) => {
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(event.data)) as ServerFrame;
      } catch {
        return;
      }
      if (frame.type === 'ready') {
        this.attempts = 0;
        this.setReady(true);
      }
      for (const l of this.listeners) l(frame);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.setReady(false);
      if (this.listeners.size === 0) return;
      const unauthorized = event.code === 4401;
      const delay = Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** this.attempts) * (0.5 + Math.random() / 2);
      this.attempts += 1;
      this.retry = setTimeout(async () => {
        if (unauthorized && !(await session.refresh())) {
          this.retry = undefined;
          return;
        }
        this.retry = undefined;
        this.open();
      }, delay);
    };
  }

  private auth(token: string): void {
    this.sentToken = token;
    this.socket?.send(JSON.stringify({ type: 'auth', token }));
  }

  private close(): void {
    clearTimeout(this.retry);
    this.retry = undefined;
    const socket = this.socket;
    this.socket = undefined;
    this.setReady(false);
    socket?.close(1000);
  }

  private setReady(ready: boolean): void {
    if (this.ready === ready) return;
    this.ready = ready;
    for (const l of this.stateListeners) l();
  }
}

export const chatSocket = new ChatSocket();
