import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DuckDbStore } from './duckdb.store';

/** Opens (and migrates) the DuckDB file at boot, so a bad path fails the start; closes it at shutdown. */
@Injectable()
export class DuckDbLifecycle implements OnModuleInit, OnModuleDestroy {
  constructor(private readonly store: DuckDbStore) {}

  onModuleInit(): Promise<void> {
    return this.store.open();
  }

  onModuleDestroy(): Promise<void> {
    return this.store.close();
  }
}
