import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { eventually } from '@coordina/platform/testing';
import { ProductoActualizado } from '../src/contracts';
import { CatalogFixture } from './catalog.fixture';

describe('GameVault catalog: cached reads and their invalidation by events', () => {
  let f: CatalogFixture;

  before(async () => {
    // A list page would stay an hour: only an invalidation can make a change visible.
    f = await CatalogFixture.start({ GAMEVAULT_CATALOG_LIST_TTL_MS: '3600000' });
  });
  after(() => f?.close());

  it('drops the cached list and detail when producto.actualizado arrives, whoever wrote the change', async () => {
    const created = await f.publish({ title: 'Cache Quest', priceCents: 5_000 });
    assert.equal(created.status, 201, created.text);
    const id: string = created.body.id;
    // Let the cache group catch up with every event so far (the demo seed's, this product's):
    // from here on, only the event below may drop the cached reads.
    await eventually(async () => {
      const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM coordina_outbox o WHERE NOT EXISTS
        (SELECT 1 FROM coordina_inbox i WHERE i.group_id = 'gamevault-catalog.cache' AND i.event_id = o.id)`.execute(
        f.ctx.db.db,
      );
      return r.rows[0]?.n === 0;
    });
    const list = '/api/gamevault/products?q=cache%20quest';
    const price = async () => (await f.app.fetch(list)).body.items[0]?.priceCents;
    assert.equal(await price(), 5_000);
    assert.equal((await f.app.fetch(`/api/gamevault/products/${id}`)).body.priceCents, 5_000);

    // A change this instance's writer did not make (another instance, a script): the rows change, the cache does not.
    await sql`UPDATE products SET price_cents = 4000, updated_at = now() WHERE id = ${id}`.execute(f.ctx.db.db);
    const row = (await f.app.fetch(`/api/gamevault/products/${id}`)).body;
    assert.equal(await price(), 5_000, 'the list page is cached');
    assert.equal(row.priceCents, 5_000, 'the detail is cached');

    // Its event drops the cached reads (the invalidator's consumer group).
    await f.ctx.db.transaction((tx) =>
      f.ctx.bus.publish(tx, ProductoActualizado, {
        product: { ...row, priceCents: 4_000 },
        at: new Date().toISOString(),
      }),
    );
    await eventually(
      async () =>
        (await price()) === 4_000 && (await f.app.fetch(`/api/gamevault/products/${id}`)).body.priceCents === 4_000,
    );
  });
});
