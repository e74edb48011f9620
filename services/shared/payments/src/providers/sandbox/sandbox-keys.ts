import { type Database, sql } from '@coordina/platform';

/**
 * The sandboxes' signing keys and secrets, generated once and kept in the payments database
 * (table sandbox_keys) so every instance of the service signs and verifies with the same ones.
 */
export class SandboxKeys {
  readonly #cache = new Map<string, Promise<string>>();

  constructor(private readonly db: Database) {}

  /** The key called `name`; `generate` makes it when no instance has yet. */
  get(name: string, generate: () => string): Promise<string> {
    let key = this.#cache.get(name);
    if (!key) {
      key = this.#load(name, generate);
      key.catch(() => this.#cache.delete(name));
      this.#cache.set(name, key);
    }
    return key;
  }

  async #load(name: string, generate: () => string): Promise<string> {
    await sql`INSERT INTO sandbox_keys (name, value) VALUES (${name}, ${generate()})
      ON CONFLICT DO NOTHING`.execute(this.db.db);
    const r = await sql<{ value: string }>`SELECT value FROM sandbox_keys WHERE name = ${name}`.execute(this.db.db);
    const value = r.rows[0]?.value;
    if (!value) throw new Error(`sandbox key ${name} vanished`);
    return value;
  }
}
