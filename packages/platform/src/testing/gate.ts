/** A promise a test settles by hand: `resolve()` lets everything awaiting `promise` go on. */
export interface Gate {
  promise: Promise<void>;
  resolve: () => void;
}

export function gate(): Gate {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
