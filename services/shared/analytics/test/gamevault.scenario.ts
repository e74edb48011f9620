import { randomUUID } from 'node:crypto';
import { BusquedasRegistradas, ProductoActualizado, ProductoPublicado } from '@coordina/gamevault-catalog/contracts';
import { ResenaAprobada, ResenaRetirada } from '@coordina/gamevault-community/contracts';
import { PedidoCancelado, PedidoCreado, PedidoPagado } from '@coordina/gamevault-orders/contracts';
import { ev, type StubEvent } from './instudio.stub';

type Line = [product: { id: string; title: string }, quantity: number, unitPriceCents: number];

/**
 * GameVault events with known figures (dates in Lima, UTC-5). Ids sort in the order named.
 * - Products: Zelda (switch, seller S1; renamed later), God of War (ps5, S2), Halo (xbox-series, S1).
 * - o1 paid 05-01: 2 Zelda at 200.00, 1 God of War at 250.00; o2 paid 05-01 at 22:00 (05-02 in UTC):
 *   2 Zelda; o3 created then cancelled (1 Halo); o4 paid 05-03: 2 God of War, its payment
 *   announced twice (two events, one order).
 *   So switch: 2 orders, 4 units, 800.00; ps5: 2 orders, 3 units, 750.00.
 * - Searches: 05-01 five (zelda 3, switch 2, rpg 1); 05-02 four (zelda 1, halo 2, ps5 2).
 * - Reviews: Zelda 5 and 3 (the 5 approved twice), God of War 4 (and a 1, approved then
 *   withdrawn), and a 2 for a product analytics never saw (seller S3, console unknown).
 */
export class GamevaultScenario {
  readonly s1 = 'a1000000-0000-4000-8000-000000000001';
  readonly s2 = 'a2000000-0000-4000-8000-000000000002';
  readonly s3 = 'a3000000-0000-4000-8000-000000000003';
  readonly zelda = { id: 'b1000000-0000-4000-8000-000000000001', title: 'Zelda: Tears of the Kingdom' };
  readonly gow = { id: 'b2000000-0000-4000-8000-000000000002', title: 'God of War Ragnarök' };
  readonly halo = { id: 'b3000000-0000-4000-8000-000000000003', title: 'Halo Infinite' };
  readonly unseen = 'b9000000-0000-4000-8000-000000000009';
  readonly orders = Array.from({ length: 4 }, () => randomUUID());
  readonly buyer = randomUUID();
  readonly reviews = { r1: randomUUID(), r2: randomUUID(), r3: randomUUID(), r4: randomUUID(), r5: randomUUID() };

  events(): StubEvent[] {
    const [o1, o2, o3, o4] = this.orders as [string, string, string, string];
    return [
      this.#product(
        ProductoPublicado,
        this.zelda.id,
        'Zelda TOTK',
        'switch',
        'adventure',
        this.s1,
        '2030-04-01T10:00:00Z',
      ),
      this.#product(ProductoPublicado, this.gow.id, this.gow.title, 'ps5', 'action', this.s2, '2030-04-01T10:00:00Z'),
      this.#product(
        ProductoPublicado,
        this.halo.id,
        this.halo.title,
        'xbox-series',
        'shooter',
        this.s1,
        '2030-04-01T10:00:00Z',
      ),
      ev(
        PedidoCreado,
        this.#order(
          o1,
          [
            [this.zelda, 2, 20000],
            [this.gow, 1, 25000],
          ],
          '2030-05-01T14:59:00Z',
        ),
      ),
      ev(
        PedidoPagado,
        this.#paid(
          o1,
          [
            [this.zelda, 2, 20000],
            [this.gow, 1, 25000],
          ],
          '2030-05-01T15:00:00Z',
        ),
      ),
      ev(PedidoPagado, this.#paid(o2, [[this.zelda, 2, 20000]], '2030-05-02T03:00:00Z')),
      ev(PedidoCreado, this.#order(o3, [[this.halo, 1, 18000]], '2030-05-02T15:00:00Z')),
      ev(PedidoCancelado, { orderId: o3, userId: this.buyer, reason: 'payment_declined', at: '2030-05-02T15:01:00Z' }),
      ev(PedidoPagado, this.#paid(o4, [[this.gow, 2, 25000]], '2030-05-03T15:00:00Z')),
      ev(PedidoPagado, this.#paid(o4, [[this.gow, 2, 25000]], '2030-05-03T15:00:05Z')),
      // Renamed after its sales: reports show the product's title as it is now.
      this.#product(
        ProductoActualizado,
        this.zelda.id,
        this.zelda.title,
        'switch',
        'adventure',
        this.s1,
        '2030-05-10T10:00:00Z',
      ),
      this.#searches('2030-05-01T12:00:00Z', 5, [
        ['q', 'zelda', 3],
        ['console', 'switch', 2],
        ['genre', 'rpg', 1],
      ]),
      this.#searches('2030-05-02T12:00:00Z', 4, [
        ['q', 'zelda', 1],
        ['q', 'halo', 2],
        ['console', 'ps5', 2],
      ]),
      this.#approved('r1', this.zelda.id, null, 5, '2030-05-04T15:00:00Z'),
      this.#approved('r1', this.zelda.id, null, 5, '2030-05-04T15:00:00Z'),
      this.#approved('r2', this.zelda.id, null, 3, '2030-05-04T16:00:00Z'),
      this.#approved('r3', this.gow.id, null, 4, '2030-05-05T15:00:00Z'),
      // Approved, then deleted: it no longer counts.
      this.#approved('r5', this.gow.id, null, 1, '2030-05-05T17:00:00Z'),
      ev(ResenaRetirada, {
        reviewId: this.reviews.r5,
        productId: this.gow.id,
        reason: 'deleted',
        at: '2030-05-06T10:00:00Z',
      }),
      // A product analytics never saw: its seller comes from the review (its console is unknown).
      this.#approved('r4', this.unseen, this.s3, 2, '2030-05-05T16:00:00Z'),
    ];
  }

  /** Community's resena.aprobada, as it sends it. */
  #approved(
    review: keyof GamevaultScenario['reviews'],
    productId: string,
    sellerId: string | null,
    rating: number,
    at: string,
  ): StubEvent {
    return ev(ResenaAprobada, {
      reviewId: this.reviews[review],
      productId,
      authorId: this.buyer,
      sellerId,
      rating,
      at,
    });
  }

  #product(
    contract: typeof ProductoPublicado | typeof ProductoActualizado,
    id: string,
    title: string,
    console: 'switch' | 'ps5' | 'xbox-series',
    genre: 'adventure' | 'action' | 'shooter',
    sellerId: string,
    at: string,
  ): StubEvent {
    const product = {
      id,
      title,
      description: '',
      keywords: '',
      console,
      genre,
      condition: 'new' as const,
      rarity: 'common' as const,
      format: 'physical' as const,
      priceCents: 20000,
      stock: 10,
      sellerId,
      ratingAvg: 0,
      ratingCount: 0,
      images: [],
      createdAt: '2030-04-01T10:00:00Z',
      updatedAt: at,
    };
    return ev(contract, { product, at });
  }

  #order(orderId: string, lines: Line[], at: string) {
    const items = lines.map(([p, quantity, unitPriceCents]) => ({
      productId: p.id,
      title: p.title,
      format: 'physical' as const,
      unitPriceCents,
      quantity,
      lineTotalCents: unitPriceCents * quantity,
    }));
    const subtotalCents = items.reduce((n, i) => n + i.lineTotalCents, 0);
    const igvCents = Math.round(subtotalCents * 0.18);
    const totals = {
      currency: 'PEN' as const,
      subtotalCents,
      discountCents: 0,
      igvCents,
      totalCents: subtotalCents + igvCents,
    };
    return { orderId, userId: this.buyer, items, totals, at };
  }

  #paid(orderId: string, lines: Line[], at: string) {
    return { ...this.#order(orderId, lines, at), paymentId: randomUUID() };
  }

  #searches(to: string, searches: number, terms: [string, string, number][]): StubEvent {
    const from = new Date(Date.parse(to) - 10_000).toISOString();
    return ev(BusquedasRegistradas, {
      windowId: randomUUID(),
      from,
      to,
      searches,
      terms: terms.map(([kind, value, count]) => ({ kind: kind as 'q', value, count })),
    });
  }
}
