/**
 * Calls a process is answering to itself (a service's `ctx.http` in-process, a socket's calls
 * as its user): a stopping process refuses new ones (`closing`) and waits for these, at most
 * `graceMs`, before it closes the databases their handlers use, so none ends in a 500.
 */
export class CallsInFlight {
  closing = false;
  readonly #inFlight = new Set<Promise<unknown>>();

  track<T>(call: PromiseLike<T>): Promise<T> {
    const tracked = Promise.resolve(call);
    this.#inFlight.add(tracked);
    return tracked.finally(() => this.#inFlight.delete(tracked));
  }

  /** Refuses new calls from now on, and waits for those in flight. */
  async close(graceMs = 10_000): Promise<void> {
    this.closing = true;
    if (this.#inFlight.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.#inFlight]),
      new Promise((r) => {
        timer = setTimeout(r, graceMs);
      }),
    ]);
    clearTimeout(timer);
  }
}
