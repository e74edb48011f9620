import { createHash } from 'node:crypto';
import pg from 'pg';

/** The parts of pg's (untyped) Query and protocol connection this file uses. */
interface Wire {
  parse(q: { text: string; name?: string }): void;
  bind(b: { portal?: string; statement?: string; values?: unknown[] }): void;
  execute(e?: { portal?: string; rows?: number }): void;
  /** The named statements sent to be parsed and not answered yet (pg's own bookkeeping). */
  submittedNamedStatements: Record<string, string>;
}
type QueryCallback = (err: Error | null, result: pg.QueryResult) => void;
// biome-ignore lint/suspicious/noExplicitAny: pg's Query class is exported at runtime but not typed.
const BaseQuery = (pg as any).Query as new (
  config: { text: string; name?: string; values: unknown[] },
  values: undefined,
  callback: QueryCallback,
) => {
  name?: string;
  text: string;
  hasBeenParsed(connection: Wire): boolean;
  prepare(connection: Wire): void;
  handleCommandComplete(msg: unknown, connection: Wire): void;
};

/** The most statement texts one process prepares (decision 0137); any beyond are parsed every time. */
export const MAX_PREPARED = 1_000;
const names = new Map<string, string>();

/**
 * The name a statement with parameters is prepared under on each connection (decision 0137): a
 * digest of its text, so the same text has the same name everywhere and another text never
 * does. Undefined once MAX_PREPARED texts have names: statements built with a varying text
 * (a list's placeholders) cannot make a backend keep ever more of them.
 */
export function preparedName(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_PREPARED) {
    name = `c_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/** A statement with parameters as pg's query config, under its prepared name (decision 0137). */
function named(text: string, values: unknown[]): { text: string; name: string | undefined; values: unknown[] } {
  return { text, name: preparedName(text), values };
}

/**
 * A transaction's first statement with its BEGIN in front, in ONE extended-protocol exchange
 * (decision 0108): Parse/Bind/Execute of `BEGIN`, then the statement's own
 * Parse/Bind/Describe/Execute, then one Sync (a named statement's first Parse goes first of all,
 * see prepare). PostgreSQL runs them in order; an error in either
 * skips the rest up to the Sync, leaving the transaction open and aborted (or not begun), as with
 * two round trips. BEGIN's CommandComplete is not the statement's: it is dropped, so the result is
 * the statement's alone.
 */
class BeginFoldedQuery extends BaseQuery {
  #begun = false;

  /**
   * A named statement's first Parse goes before BEGIN's (decision 0137). pg records a name as
   * parsed at the exchange's first ParseComplete: that is then the statement's own, so a Parse
   * that fails (a table not created yet) leaves nothing recorded, and one that succeeds is
   * recorded even when its run then fails (a unique violation). A failed Parse also leaves no
   * transaction begun: PostgreSQL skips the rest up to the Sync.
   */
  override prepare(connection: Wire): void {
    if (this.name !== undefined && !this.hasBeenParsed(connection)) {
      connection.parse({ text: this.text, name: this.name });
      connection.submittedNamedStatements[this.name] = this.text;
    }
    connection.parse({ text: 'BEGIN' });
    connection.bind({});
    connection.execute({});
    super.prepare(connection);
  }

  override handleCommandComplete(msg: unknown, connection: Wire): void {
    if (!this.#begun) {
      this.#begun = true;
      return;
    }
    super.handleCommandComplete(msg, connection);
  }
}

const NOTHING_SENT = (command: string): pg.QueryResult =>
  ({ command, rowCount: null, rows: [], fields: [], oid: 0 }) as unknown as pg.QueryResult;

/**
 * A client that prepares each statement with parameters once per connection, by name (decision
 * 0137): later runs send only Bind and Execute, and the server skips parsing and planning them
 * anew. Pools hand it to pg as their `Client` (pg-boss's too).
 */
export class PreparingClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg.Client.query has a dozen overloads; this forwards any of them.
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
      // pg's pool.query passes a callback.
      return callback === undefined ? super.query(named(config, values)) : super.query(named(config, values), callback);
    }
    return super.query(config, values, callback);
  }
}

/**
 * The pool's client (decision 0108). Kysely opens a transaction with the query `begin` and waits
 * for it before the first statement: one round trip of its own, every transaction. This client
 * answers that `begin` at once without sending it, and sends it with the transaction's first
 * statement instead (BeginFoldedQuery) when that statement has parameters (the extended
 * protocol; a statement without any may hold several commands, which Parse refuses, so it is
 * sent after a BEGIN of its own). A transaction that ends before any statement sends nothing:
 * its COMMIT or ROLLBACK is answered at once too. Any other use of the client is unchanged.
 */
export class BeginFoldingClient extends PreparingClient {
  /** A `begin` was answered and not sent yet: the next query starts the transaction. */
  #pendingBegin = false;

  /** Forgets a pending `begin` (the pool calls it when the client is given back). */
  resetBegin(): void {
    this.#pendingBegin = false;
  }

  // biome-ignore lint/suspicious/noExplicitAny: pg.Client.query has a dozen overloads; this forwards any of them.
  override query(config: any, values?: any, callback?: any): any {
    // Kysely sends `begin`, `commit` and `rollback` with an empty list of values.
    const noValues = values === undefined || (Array.isArray(values) && values.length === 0);
    const plain = typeof config === 'string' && noValues && callback === undefined;
    if (plain && config === 'begin') {
      this.#pendingBegin = true;
      return Promise.resolve(NOTHING_SENT('BEGIN'));
    }
    if (!this.#pendingBegin) return super.query(config, values, callback);
    this.#pendingBegin = false;
    if (plain && (config === 'commit' || config === 'rollback')) {
      return Promise.resolve(NOTHING_SENT(config.toUpperCase()));
    }
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0 && callback === undefined) {
      // Prepared by name as PreparingClient does (decision 0137), BEGIN in front.
      return new Promise((resolve, reject) => {
        const query = new BeginFoldedQuery(named(config, values), undefined, (err, res) =>
          err ? reject(err) : resolve(res),
        );
        super.query(query as unknown as pg.Submittable);
      });
    }
    if (callback === undefined && typeof values !== 'function' && typeof config?.submit !== 'function') {
      return super.query('BEGIN').then(() => super.query(config, values));
    }
    // A callback or a submittable (a cursor): BEGIN is queued first, and the client runs its queue in order.
    super.query('BEGIN').catch(() => undefined);
    return super.query(config, values, callback);
  }
}
