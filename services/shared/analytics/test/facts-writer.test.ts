import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createLogger } from '@coordina/platform';
import { DuckDbStore } from '../src/db/duckdb.store';
import { FactsWriter } from '../src/db/facts.writer';
import type { FactRow } from '../src/domain/fact-row';
import { analyticsDuckDbMigrations } from '../src/systems';

const path = () => join(mkdtempSync(join(tmpdir(), 'coordina-duck-')), 'analytics.duckdb');
const log = createLogger({ level: 'silent' });

function change(eventId: string): FactRow {
  return {
    table: 'salon_change_facts',
    values: {
      event_id: eventId,
      salon_id: randomUUID(),
      change: 'salon.updated',
      occurred_at: new Date().toISOString(),
    },
  };
}

async function count(store: DuckDbStore, table: string): Promise<number> {
  const [row] = await store.read(`SELECT count(*) AS n FROM ${table}`);
  return Number(row?.n);
}

describe('DuckDB facts writer', () => {
  it('applies an event once, also when it is redelivered after the file was closed and reopened', async () => {
    const file = path();
    const event = { id: randomUUID(), type: 'salones.actualizaciones', time: new Date().toISOString() };
    let store = new DuckDbStore(file, log, analyticsDuckDbMigrations);
    assert.equal(await new FactsWriter(store).applyOnce(event, [change(event.id)]), true);
    assert.equal(await new FactsWriter(store).applyOnce(event, [change(event.id)]), false);
    await store.close();
    // As after a crash between the DuckDB commit and the PostgreSQL inbox commit.
    store = new DuckDbStore(file, log, analyticsDuckDbMigrations);
    assert.equal(await new FactsWriter(store).applyOnce(event, [change(event.id)]), false);
    assert.equal(await count(store, 'salon_change_facts'), 1);
    assert.equal(await count(store, 'applied_events'), 1);
    await store.close();
  });

  it('records nothing of an event whose rows fail, so a retry applies it whole', async () => {
    const store = new DuckDbStore(path(), log, analyticsDuckDbMigrations);
    const writer = new FactsWriter(store);
    const event = { id: randomUUID(), type: 'salones.actualizaciones', time: new Date().toISOString() };
    const broken: FactRow = { table: 'salon_change_facts', values: { event_id: event.id, salon_id: null } };
    await assert.rejects(writer.applyOnce(event, [change(randomUUID()), broken]));
    assert.equal(await count(store, 'applied_events'), 0);
    assert.equal(await count(store, 'salon_change_facts'), 0);
    assert.equal(await writer.applyOnce(event, [change(event.id)]), true);
    assert.equal(await count(store, 'salon_change_facts'), 1);
    await store.close();
  });

  it('serialises concurrent writes, each in its own transaction', async () => {
    const store = new DuckDbStore(path(), log, analyticsDuckDbMigrations);
    const writer = new FactsWriter(store);
    const events = Array.from({ length: 40 }, () => ({
      id: randomUUID(),
      type: 'salones.actualizaciones',
      time: new Date().toISOString(),
    }));
    const twice = [...events, ...events];
    const applied = await Promise.all(twice.map((e) => writer.applyOnce(e, [change(e.id)])));
    assert.equal(applied.filter(Boolean).length, 40);
    assert.equal(await count(store, 'salon_change_facts'), 40);
    await store.close();
  });
});
