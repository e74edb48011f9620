import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { catalogService, seededProductId } from '@coordina/gamevault-catalog';
import { sql } from '@coordina/platform';
import { startTestApp, type TestApp } from '@coordina/platform/testing';
import { seedCommand } from '../src/seed.command';

describe('coordina seed gamevault --products N', () => {
  let app: TestApp;
  const seed = (n: number) =>
    seedCommand([
      'gamevault',
      '--products',
      String(n),
      '--database-url',
      app.config.postgresUrl,
      '--db-prefix',
      app.config.dbPrefix,
    ]);
  const db = () => {
    const ctx = app.contexts.get('gamevault-catalog');
    assert.ok(ctx);
    return ctx.db.db;
  };
  const seeded = async () =>
    (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM products
        WHERE id BETWEEN ${seededProductId(0)} AND ${seededProductId(999_999_999_999)}`.execute(db())
    ).rows[0]?.n;

  before(async () => {
    // A one-minute list cache would hide the seeded products; these tests read fresh pages.
    app = await startTestApp({ services: [catalogService], env: { GAMEVAULT_CATALOG_LIST_TTL_MS: '1' } });
  });
  after(() => app?.close());

  const indexes = async () =>
    (
      await sql<{ def: string }>`SELECT indexdef AS def FROM pg_indexes WHERE tablename = 'products'
        ORDER BY indexname`.execute(db())
    ).rows.map((r) => r.def);

  it('writes N products with COPY, and a rerun adds only what is missing', async () => {
    const before = await indexes();
    assert.ok(before.length >= 5);
    assert.equal(await seed(2_000), 0);
    assert.deepEqual(await indexes(), before, 'indexes dropped for the load are built again');
    assert.equal(await seeded(), 2_000);
    const first = await sql<{ title: string; price: number }>`SELECT title, price_cents AS price FROM products
      WHERE id = ${seededProductId(1_234)}`.execute(db());
    assert.equal(await seed(2_000), 0);
    assert.equal(await seeded(), 2_000, 'idempotent');
    assert.equal(await seed(3_000), 0);
    assert.equal(await seeded(), 3_000, 'extended up to N');
    const again = await sql<{ title: string; price: number }>`SELECT title, price_cents AS price FROM products
      WHERE id = ${seededProductId(1_234)}`.execute(db());
    assert.deepEqual(again.rows, first.rows, 'product n is always the same');
    assert.equal(await seedCommand(['gamevault', '--products', 'many']), 2);
  });

  it('makes a realistic catalog: every console, genre, condition and rarity, some sold out, found by search', async () => {
    const r = await app.fetch('/api/gamevault/products?pageSize=1');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.total, 3_000);
    const { facets } = r.body;
    for (const dim of ['console', 'genre', 'condition', 'rarity', 'available'] as const)
      for (const [value, count] of Object.entries(facets[dim]))
        assert.ok((count as number) > 0, `some products with ${dim} ${value}`);
    const typo = await app.fetch('/api/gamevault/products?q=zelad&console=switch&pageSize=5');
    assert.equal(typo.status, 200, typo.text);
    assert.ok(typo.body.total > 0);
    assert.ok(typo.body.items.every((p: { title: string }) => p.title.includes('Zelda')));
  });
});
