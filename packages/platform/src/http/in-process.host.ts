import type { FastifyInstance } from 'fastify';
import type { RouteTable } from '../gateway/route-table';

/** A request of one service to another, ready to send. */
export interface OutgoingCall {
  method: string;
  /** Path and query. */
  target: string;
  headers: Record<string, string>;
  body: string | undefined;
  timeoutMs: number;
}

export interface RawAnswer {
  status: number;
  contentType: string;
  text: string;
}

/**
 * The routes this process serves (every service's, in the embedded topology), answered by
 * injecting the request into the process's own HTTP app: the callee's hooks, validation and
 * handler run as for any request, without a socket or the network.
 */
export class InProcessHost {
  #app: FastifyInstance | undefined;

  constructor(private readonly routes: RouteTable) {}

  /** The app, once built (services' contexts exist before it). */
  attach(app: FastifyInstance): void {
    this.#app = app;
  }

  serves(method: string, target: string): boolean {
    return this.routes.resolve(method, target) !== undefined;
  }

  async inject(call: OutgoingCall): Promise<RawAnswer> {
    if (!this.#app) throw new Error('the HTTP app is not built yet');
    const res = await this.#app.inject({
      method: call.method as 'GET',
      url: call.target,
      headers: call.headers,
      ...(call.body === undefined ? {} : { payload: call.body }),
    });
    return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), text: res.body };
  }
}
