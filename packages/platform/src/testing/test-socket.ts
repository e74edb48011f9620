import { WebSocket } from 'ws';

export type Frame = Record<string, unknown> & { type: string };

/** How the test socket signs in: a first `auth` frame (default), the subprotocol, or not at all. */
export type SocketAuth =
  | { token: string; via?: 'frame' | 'subprotocol'; hello?: Record<string, unknown> }
  | { token?: undefined };

/**
 * A real WebSocket client for tests: keeps every frame it received, waits for frames by
 * condition (never by time), and can be killed without a close handshake (a dropped network).
 */
export class TestSocket {
  readonly frames: Frame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  #waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as Frame);
      for (const w of this.#waiters) w();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const w of this.#waiters) w();
      });
    });
    ws.on('error', () => undefined);
  }

  /**
   * Opens `url` (http(s) or ws(s)) and signs in as `auth` says; with a token, resolves once
   * the gateway answered `ready`.
   */
  static async open(url: string, auth: SocketAuth = {}): Promise<TestSocket> {
    const protocols = ['coordina.v1', ...(auth.token && auth.via === 'subprotocol' ? [`bearer.${auth.token}`] : [])];
    const ws = new WebSocket(url.replace(/^http/, 'ws'), protocols);
    const socket = new TestSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    if (auth.token) {
      if (auth.via !== 'subprotocol') socket.send({ ...auth.hello, type: 'auth', token: auth.token });
      await socket.waitFor((f) => f.type === 'ready');
    }
    return socket;
  }

  send(frame: object): void {
    this.ws.send(JSON.stringify(frame));
  }

  /** The frames of a type (optionally matching more), in arrival order. */
  all(type: string, where: (f: Frame) => boolean = () => true): Frame[] {
    return this.frames.filter((f) => f.type === type && where(f));
  }

  /** The first frame received that matches, waiting for it (until `timeoutMs`, then a failure naming what came). */
  async waitFor(match: (f: Frame) => boolean, timeoutMs = 20_000): Promise<Frame> {
    return this.until(() => this.frames.find(match), timeoutMs);
  }

  /** Waits until `check` returns something (re-checked on every frame and on close). */
  async until<T>(check: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
    const first = check();
    if (first) return first;
    return new Promise<T>((resolve, reject) => {
      const waiter = () => {
        const v = check();
        if (!v) return;
        done();
        resolve(v);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`condition not met; frames: ${JSON.stringify(this.frames.slice(-10))}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
      };
      this.#waiters.push(waiter);
    });
  }

  /** Drops the connection without a close handshake (a lost network). */
  kill(): void {
    this.ws.terminate();
  }

  close(): Promise<{ code: number; reason: string }> {
    this.ws.close(1000);
    return this.closed;
  }
}
