import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error';
import { PROBLEM_CONTENT_TYPE, toProblem } from '../errors/problem';
import type { RouteTable } from '../gateway/route-table';
import { CallsInFlight } from './calls-in-flight';

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
  /** Calls being answered: the process waits for them before it closes its databases. */
  readonly #calls = new CallsInFlight();

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
    // A stopping process answers as a stopped instance would: 503, never a handler whose database is gone.
    if (this.#calls.closing) return stopping(call.target);
    const res = await this.#calls.track(
      this.#app.inject({
        method: call.method as 'GET',
        url: call.target,
        headers: call.headers,
        ...(call.body === undefined ? {} : { payload: call.body }),
      }),
    );
    return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), text: res.body };
  }

  /**
   * Refuses new calls (503) and waits for those being answered, at most `graceMs`: a socket
   * closed by the stopping gateway still has its last calls answered, or refused.
   */
  close(graceMs = 10_000): Promise<void> {
    return this.#calls.close(graceMs);
  }
}

function stopping(target: string): RawAnswer {
  const problem = toProblem(new AppError('SERVICE_UNAVAILABLE', 'this process is stopping'), target.split('?')[0]);
  return { status: 503, contentType: PROBLEM_CONTENT_TYPE, text: JSON.stringify(problem) };
}
