import { crashPoint } from '../runtime/crash-points';

/** Settles one batch: one result per item, in order; an Error rejects only its own item. */
export type BatchRunner<I, O> = (items: readonly I[]) => Promise<ReadonlyArray<O | Error>>;

export interface GroupCommitOptions<I> {
  /** Most items settled by one call of the runner. */
  maxBatch?: number;
  /** Batches in flight at once. */
  concurrency?: number;
  /** Items with the same key are never in flight together; later ones wait for a later batch, in order. */
  key?: (item: I) => string;
}

interface Waiting<I, O> {
  item: I;
  key: string | undefined;
  resolve: (value: O) => void;
  reject: (reason: unknown) => void;
}

/**
 * Group commit: callers submit items one at a time and each gets its own answer, but a
 * worker settles everything queued with ONE call of the runner (usually one transaction).
 * Alone, an item is settled at once; under a rush the round-trips per item fall with the
 * batch size, and a row lock taken by the batch is held once per batch, not per item.
 * If the runner throws for a batch, each of its items is run again on its own, so one bad
 * item fails only itself.
 */
export class GroupCommit<I, O> {
  readonly #queue: Waiting<I, O>[] = [];
  readonly #inFlight = new Set<string>();
  readonly #maxBatch: number;
  readonly #concurrency: number;
  #running = 0;

  constructor(
    private readonly run: BatchRunner<I, O>,
    private readonly options: GroupCommitOptions<I> = {},
  ) {
    this.#maxBatch = options.maxBatch ?? 200;
    this.#concurrency = options.concurrency ?? 1;
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#queue.push({ item, key: this.options.key?.(item), resolve, reject });
      this.#pump();
    });
  }

  /** Items waiting for a batch (not counting those in flight). */
  get queued(): number {
    return this.#queue.length;
  }

  #pump(): void {
    while (this.#running < this.#concurrency) {
      const batch = this.#take();
      if (batch.length === 0) return;
      this.#running++;
      void this.#settle(batch).finally(() => {
        this.#running--;
        for (const w of batch) if (w.key !== undefined) this.#inFlight.delete(w.key);
        this.#pump();
      });
    }
  }

  /** The oldest queued items, at most one per key and none whose key is in flight. */
  #take(): Waiting<I, O>[] {
    const batch: Waiting<I, O>[] = [];
    for (let i = 0; i < this.#queue.length && batch.length < this.#maxBatch; ) {
      const w = this.#queue[i] as Waiting<I, O>;
      if (w.key !== undefined && this.#inFlight.has(w.key)) {
        i++;
        continue;
      }
      if (w.key !== undefined) this.#inFlight.add(w.key);
      batch.push(w);
      this.#queue.splice(i, 1);
    }
    return batch;
  }

  async #settle(batch: readonly Waiting<I, O>[]): Promise<void> {
    let results: ReadonlyArray<O | Error>;
    try {
      results = await this.run(batch.map((w) => w.item));
    } catch (err) {
      if (batch.length === 1) {
        batch[0]?.reject(err);
        return;
      }
      await Promise.all(batch.map((w) => this.#settle([w])));
      return;
    }
    // Committed, nobody answered yet: the callers retry, and their retries must find their effects.
    if (batch.length > 1) crashPoint('group-commit.before-answers');
    for (const [i, w] of batch.entries()) {
      const r = results[i];
      if (r instanceof Error) w.reject(r);
      else if (i >= results.length) w.reject(new Error('group commit: the runner returned too few results'));
      else w.resolve(r as O);
    }
  }
}
