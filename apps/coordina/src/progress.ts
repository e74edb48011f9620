/**
 * Start-up progress on stderr: each step when it begins and when it is done, with the time
 * since the command started, so a slow start shows where it is instead of a silent minute.
 */
export class Progress {
  readonly #t0 = Date.now();
  readonly #begun = new Map<string, number>();

  constructor(private readonly write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)) {}

  #elapsed(): string {
    return `${((Date.now() - this.#t0) / 1000).toFixed(1).padStart(5)} s`;
  }

  step(name: string, done: boolean): void {
    if (!done) {
      this.#begun.set(name, Date.now());
      this.write(`[${this.#elapsed()}] starting ${name}...`);
      return;
    }
    const began = this.#begun.get(name);
    const took = began === undefined ? '' : ` (${((Date.now() - began) / 1000).toFixed(1)} s)`;
    this.write(`[${this.#elapsed()}] ${name} ready${took}`);
  }

  /** Runs `fn` as a step. */
  async run<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.step(name, false);
    const value = await fn();
    this.step(name, true);
    return value;
  }
}
