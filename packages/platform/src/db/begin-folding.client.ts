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
 * A statement with the commands it carries in front (BEGIN, SAVEPOINT: commands without
 * parameters or results), in ONE extended-protocol exchange (decisions 0108, 0146): Parse/Bind/
 * Execute of each command, then the statement's own Parse/Bind/Describe/Execute, then one Sync (a
 * named statement's first Parse goes first of all, see prepare). PostgreSQL runs them in order; an
 * error in any skips the rest up to the Sync, leaving the transaction open and aborted (or not
 * begun), as with separate round trips. The commands' CommandCompletes are not the statement's:
 * they are dropped, so the result is the statement's alone.
 */
class FoldedQuery extends BaseQuery {
  #carried: number;

  constructor(
    readonly commands: readonly string[],
    config: { text: string; name?: string; values: unknown[] },
    callback: QueryCallback,
  ) {
    super(config, undefined, callback);
    this.#carried = commands.length;
  }

  /**
   * A named statement's first Parse goes before the commands' (decision 0137). pg records a name as
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
    for (const command of this.commands) {
      connection.parse({ text: command });
      connection.bind({});
      connection.execute({});
    }
    super.prepare(connection);
  }

  override handleCommandComplete(msg: unknown, connection: Wire): void {
    if (this.#carried > 0) {
      this.#carried--;
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

/** `SAVEPOINT name`, `ROLLBACK TO [SAVEPOINT] name` and `RELEASE [SAVEPOINT] name` as Kysely and the saga send them. */
const SAVEPOINT = /^savepoint (\w+)$/i;
const ROLLBACK_TO = /^rollback to (?:savepoint )?(\w+)$/i;
const RELEASE = /^release (?:savepoint )?(\w+)$/i;

/**
 * The pool's client (decisions 0108, 0146). Kysely opens a transaction with the query `begin` and
 * waits for it before the first statement: one round trip of its own, every transaction; a saga
 * step's `SAVEPOINT` is another. This client answers those at once without sending them, and
 * sends them with the next statement instead (FoldedQuery) when that statement has parameters
 * (the extended protocol; a statement without any may hold several commands, which Parse
 * refuses, so the carried commands go on their own before it). A transaction that ends before
 * any statement sends nothing: its COMMIT or ROLLBACK is answered at once too. A savepoint no
 * statement followed is dropped at COMMIT or ROLLBACK, and a ROLLBACK TO or RELEASE of it is
 * answered at once (nothing to undo; a rolled-back-to savepoint stays, as PostgreSQL keeps it).
 * Any other use of the client is unchanged.
 */
export class BeginFoldingClient extends PreparingClient {
  /** Commands answered and not sent yet (`BEGIN`, `SAVEPOINT x`): the next statement carries them. */
  #carried: string[] = [];
  /** A `begin` was answered and no COMMIT or ROLLBACK since: a SAVEPOINT may wait for the next statement. */
  #inTransaction = false;

  /** Forgets commands not sent (the pool calls it when the client is given back). */
  resetBegin(): void {
    this.#carried = [];
    this.#inTransaction = false;
  }

  // biome-ignore lint/suspicious/noExplicitAny: pg.Client.query has a dozen overloads; this forwards any of them.
  override query(config: any, values?: any, callback?: any): any {
    // Kysely sends `begin`, `commit` and `rollback` (and savepoints) with an empty list of values.
    const noValues = values === undefined || (Array.isArray(values) && values.length === 0);
    const plain = typeof config === 'string' && noValues && callback === undefined;
    if (plain) {
      const answered = this.#answer(config);
      if (answered) return Promise.resolve(NOTHING_SENT(answered));
    }
    if (this.#carried.length === 0) return super.query(config, values, callback);
    const carried = this.#carried;
    this.#carried = [];
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0 && callback === undefined) {
      // Prepared by name as PreparingClient does (decision 0137), the carried commands in front.
      return new Promise((resolve, reject) => {
        const query = new FoldedQuery(carried, named(config, values), (err, res) => (err ? reject(err) : resolve(res)));
        super.query(query as unknown as pg.Submittable);
      });
    }
    if (callback === undefined && typeof values !== 'function' && typeof config?.submit !== 'function') {
      return carried
        .reduce<Promise<unknown>>((sent, command) => sent.then(() => super.query(command)), Promise.resolve())
        .then(() => super.query(config, values));
    }
    // A callback or a submittable (a cursor): the commands are queued first, and the client runs its queue in order.
    for (const command of carried) super.query(command).catch(() => undefined);
    return super.query(config, values, callback);
  }

  /**
   * Answers a command without sending it, when that changes nothing the server would see: the
   * command tag answered, or undefined to send it (with any carried commands).
   */
  #answer(command: string): string | undefined {
    // Kysely's own words, exactly: other users of the pool (pg-boss) are left as they are.
    if (command === 'begin') {
      this.#carried.push('BEGIN');
      this.#inTransaction = true;
      return 'BEGIN';
    }
    if (command === 'commit' || command === 'rollback') {
      this.#inTransaction = false;
      // A savepoint nothing followed is released by the end of the transaction anyway.
      while (this.#carried.length > 0 && this.#carried[this.#carried.length - 1] !== 'BEGIN') this.#carried.pop();
      if (this.#carried.length === 0) return undefined;
      // Never begun on the server: nothing to end.
      this.#carried = [];
      return command.toUpperCase();
    }
    if (!this.#inTransaction) return undefined;
    const last = this.#carried[this.#carried.length - 1];
    const savepoint = SAVEPOINT.exec(command)?.[1];
    if (savepoint !== undefined) {
      this.#carried.push(`SAVEPOINT ${savepoint}`);
      return 'SAVEPOINT';
    }
    const rollbackTo = ROLLBACK_TO.exec(command)?.[1];
    if (rollbackTo !== undefined && last === `SAVEPOINT ${rollbackTo}`) return 'ROLLBACK';
    const released = RELEASE.exec(command)?.[1];
    if (released !== undefined && last === `SAVEPOINT ${released}`) {
      this.#carried.pop();
      return 'RELEASE';
    }
    return undefined;
  }
}
