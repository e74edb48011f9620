import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { eventually } from '@coordina/platform/testing';
import type { BusquedasRegistradas } from '../src/contracts';
import { CatalogFixture } from './catalog.fixture';

type Window = (typeof BusquedasRegistradas)['schema']['_output'];

describe('GameVault catalog: search trends', () => {
  let f: CatalogFixture;
  const windows = async (): Promise<Window[]> => {
    const r = await sql<{ data: Window }>`SELECT event->'data' AS data FROM coordina_outbox
      WHERE topic = 'busquedas.registradas' ORDER BY seq`.execute(f.ctx.db.db);
    return r.rows.map((row) => row.data);
  };

  before(async () => {
    // Read by the publisher when the catalog boots; a window every second here.
    process.env.GAMEVAULT_CATALOG_SEARCH_TRENDS_MS = '1000';
    f = await CatalogFixture.start();
  });
  after(async () => {
    delete process.env.GAMEVAULT_CATALOG_SEARCH_TRENDS_MS;
    await f?.close();
  });

  it('counts searches per normalized text and filter and publishes them in windows, not one event per search', async () => {
    const paths = [
      '/api/gamevault/products?q=Zelda',
      '/api/gamevault/products?q=%20%20ZELDA%20',
      '/api/gamevault/products?q=zelda&console=switch',
      '/api/gamevault/products?q=zelda&console=switch&page=2',
      '/api/gamevault/products?q=Mario%20%20Kart&genre=racing',
      '/api/gamevault/products?console=ps5&condition=used&sort=price-asc',
      '/api/gamevault/products?console=ps5',
      '/api/gamevault/products',
    ];
    const answers = await Promise.all([...paths, ...paths].map((p) => f.app.fetch(p)));
    for (const r of answers) assert.equal(r.status, 200, r.text);
    const searched = 2 * paths.length;
    await eventually(async () => (await windows()).reduce((n, w) => n + w.searches, 0) >= searched, 15_000);
    const published = await windows();
    assert.equal(
      published.reduce((n, w) => n + w.searches, 0),
      searched,
    );
    assert.ok(published.length < searched, `${published.length} events for ${searched} searches`);
    const counts = new Map<string, number>();
    for (const w of published)
      for (const t of w.terms) counts.set(`${t.kind}:${t.value}`, (counts.get(`${t.kind}:${t.value}`) ?? 0) + t.count);
    assert.deepEqual(Object.fromEntries([...counts].sort()), {
      'condition:used': 2,
      'console:ps5': 4,
      'console:switch': 4,
      'genre:racing': 2,
      'q:mario kart': 2,
      'q:zelda': 8,
      'sort:price-asc': 2,
    });
  });

  it('publishes a later search in a later window, with only its own counts', async () => {
    const before = (await windows()).length;
    const r = await f.app.fetch('/api/gamevault/products?q=halo');
    assert.equal(r.status, 200, r.text);
    await eventually(async () => (await windows()).length === before + 1, 15_000);
    const last = (await windows()).at(-1);
    assert.deepEqual([last?.searches, last?.terms], [1, [{ kind: 'q', value: 'halo', count: 1 }]]);
  });
});
