import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { AuthUser } from '@coordina/platform';
import type { CreateProductBody } from '../src/contracts';
import { ProductRules } from '../src/domain/product.rules';

const user = (roles: string[]): AuthUser => ({ id: randomUUID(), email: 'x@example.test', roles }) as AuthUser;
const body = (sellerId?: string): CreateProductBody => ({
  title: 'T',
  description: '',
  keywords: '',
  console: 'pc',
  genre: 'rpg',
  condition: 'new',
  rarity: 'common',
  format: 'digital',
  priceCents: 100,
  stock: 1,
  sellerId,
});

describe('GameVault catalog: who sells and who may change a product', () => {
  const rules = new ProductRules();

  it('makes a seller the seller of what they publish, and refuses another seller', () => {
    const seller = user(['seller']);
    assert.equal(rules.sellerOf(seller, body()), seller.id);
    assert.equal(rules.sellerOf(seller, body(seller.id)), seller.id);
    assert.deepEqual(rules.sellerOf(seller, body(randomUUID())), {
      field: 'body.sellerId',
      message: 'a seller publishes only as themselves',
    });
  });

  it('makes an admin name the seller', () => {
    const other = randomUUID();
    for (const role of ['gamevault_admin', 'platform_admin']) {
      assert.equal(rules.sellerOf(user([role]), body(other)), other);
      assert.equal(typeof rules.sellerOf(user([role]), body()), 'object');
    }
  });

  it("lets a seller change only their own products, an admin anyone's", () => {
    const seller = user(['seller']);
    assert.equal(rules.mayChange(seller, { sellerId: seller.id }), true);
    assert.equal(rules.mayChange(seller, { sellerId: randomUUID() }), false);
    assert.equal(rules.mayChange(user(['gamevault_admin']), { sellerId: randomUUID() }), true);
    assert.equal(rules.mayChange(user(['buyer', 'seller']), { sellerId: randomUUID() }), false);
  });
});
