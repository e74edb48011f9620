import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { createLogger } from '@coordina/platform';
import { coreDuckDbMigrations } from '../src/db/duckdb.migrations';
import { DuckDbStore } from '../src/db/duckdb.store';
import { FactsWriter } from '../src/db/facts.writer';
import { instudioFactsMigration } from '../src/instudio/db/instudio-facts.migration';
import { musicfestFactsMigration } from '../src/musicfest/db/musicfest-facts.migration';
import { analyticsDuckDbMigrations } from '../src/systems';

const log = createLogger({ level: 'silent' });

it('migrates a DuckDB file made before the split into one folder per system, keeping its facts', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'coordina-duck-')), 'analytics.duckdb');
  // Before the split, `001_facts` created the applied events and InStudio's tables in one go.
  const [core] = coreDuckDbMigrations;
  assert.ok(core);
  const before = [
    { id: core.id, sql: `${core.sql}\n${instudioFactsMigration.sql.replaceAll('IF NOT EXISTS ', '')}` },
    musicfestFactsMigration,
  ];
  const event = { id: randomUUID(), type: 'salones.actualizaciones', time: new Date().toISOString() };
  const fact = {
    table: 'salon_change_facts',
    values: { event_id: event.id, salon_id: randomUUID(), change: 'salon.updated', occurred_at: event.time },
  };
  let store = new DuckDbStore(file, log, before);
  assert.equal(await new FactsWriter(store).applyOnce(event, [fact]), true);
  await store.close();

  store = new DuckDbStore(file, log, analyticsDuckDbMigrations);
  try {
    const ran = await store.read('SELECT id FROM analytics_migrations ORDER BY id');
    assert.deepEqual(
      ran.map((r) => r.id),
      ['001_facts', '001_instudio_facts', '002_musicfest_facts', '003_gamevault_facts', '004_chat_ads_facts'],
    );
    assert.equal(await new FactsWriter(store).applyOnce(event, [fact]), false, 'its applied events are kept');
    const [row] = await store.read('SELECT count(*) AS n FROM salon_change_facts');
    assert.equal(Number(row?.n), 1);
  } finally {
    await store.close();
  }
});
