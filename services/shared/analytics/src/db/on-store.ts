import { DuckDbStore } from './duckdb.store';

/** A Nest provider of a class built on the DuckDB store (repositories, the facts writer). */
export const onStore = <T>(cls: new (store: DuckDbStore) => T) => ({
  provide: cls,
  useFactory: (store: DuckDbStore) => new cls(store),
  inject: [DuckDbStore],
});
