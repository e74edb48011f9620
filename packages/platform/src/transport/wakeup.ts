/**
 * A sleep that ends early when woken (a NOTIFY arrived, or stop was asked). Polling loops
 * wait on it so they react at once yet still poll now and then.
 */
export class Wakeup {
  #wake: (() => void) | undefined;

  wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }

  wake(): void {
    this.#wake?.();
  }
}
