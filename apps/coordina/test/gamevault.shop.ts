import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DemoUsers } from '@coordina/identity/demo';
import { eventually } from '@coordina/platform/testing';
import type { Product } from './harness';

/** An order's statuses once it is paid: the saga goes on to fulfilment (logistics) right after. */
export const PAID_OR_LATER: readonly string[] = ['PAID', 'FULFILLED', 'SHIPPED', 'DELIVERED'];

/** An order as GET /api/gamevault/orders/:id shows it (the fields these scenarios read). */
export interface ShopOrder {
  id: string;
  status: string;
  statusReason: string | null;
  paymentId: string;
  refundStatus: string;
  totals: { totalCents: number };
}

/**
 * A GameVault purchase through the gateway for scenarios about what follows it (payments,
 * fulfilment): the demo seller lists a product, a fresh buyer buys it and the order settles.
 */
export class GameVaultShop {
  #seller: string | undefined;

  constructor(private readonly p: Product) {}

  /** A new physical product of the demo seller (signed in once); its id. */
  async listProduct(stock: number, priceCents: number): Promise<string> {
    this.#seller ??= await this.#signIn(DemoUsers.seller.email);
    const r = await this.p.fetch('/api/gamevault/products', {
      token: this.#seller,
      json: {
        title: `Shop ${randomUUID().slice(0, 8)}`,
        console: 'switch',
        genre: 'adventure',
        condition: 'used',
        format: 'physical',
        priceCents,
        stock,
      },
    });
    assert.equal(r.status, 201, r.text);
    return r.body.id;
  }

  /** A new buyer checks out `quantity` units of `productId` with a card token; the order once settled. */
  async buy(
    productId: string,
    o: { quantity?: number; card?: string } = {},
  ): Promise<{ token: string; order: ShopOrder }> {
    const token = await this.p.mint(randomUUID(), ['buyer']);
    const cart = await this.p.fetch(`/api/gamevault/cart/items/${productId}`, {
      method: 'PUT',
      token,
      json: { quantity: o.quantity ?? 1 },
    });
    assert.equal(cart.status, 200, cart.text);
    const res = await this.p.fetch('/api/gamevault/orders', {
      token,
      json: { paymentMethod: { provider: 'card', token: o.card ?? 'pm_card_visa' } },
      headers: { 'idempotency-key': randomUUID() },
    });
    assert.equal(res.status, 202, res.text);
    const order = await eventually(
      async () => {
        const r = await this.p.fetch(`/api/gamevault/orders/${res.body.id}`, { token });
        return [...PAID_OR_LATER, 'CANCELLED'].includes(r.body?.status) ? (r.body as ShopOrder) : undefined;
      },
      60_000,
      200,
    );
    return { token, order };
  }

  async #signIn(email: string): Promise<string> {
    const r = await this.p.fetch('/api/identity/login', { json: { email, password: this.p.demoPassword } });
    assert.equal(r.status, 200, r.text);
    return r.body.accessToken;
  }
}
