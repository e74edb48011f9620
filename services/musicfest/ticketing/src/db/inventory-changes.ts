import { afterCommit, type Db, type Tx } from '@coordina/platform';

type Listener = () => void;

/**
 * The ticket counts of this process changed: what wakes the availability publisher instead of a
 * 200 ms poll (decision 0112). Heard once the change's transaction has committed (at once when it
 * ran outside a transaction the platform knows). Changes made by other instances are found by
 * the publisher's idle poll.
 */
export class InventoryChanges {
  static readonly #listeners = new Set<Listener>();

  static listen(listener: Listener): () => void {
    InventoryChanges.#listeners.add(listener);
    return () => InventoryChanges.#listeners.delete(listener);
  }

  static changed(q: Db): void {
    const tell = () => {
      for (const l of InventoryChanges.#listeners) l();
    };
    if (!afterCommit(q as Tx, tell)) tell();
  }
}
