import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { type CartLine, type CartView, MAX_CART_LINES } from '../contracts/cart.dto';
import { OrdersErrors } from '../contracts/orders.errors';
import { type CartItemRecord, CartsRepository } from '../db/carts.repository';
import { cartTotals, lineTotal } from '../domain/cart-totals';
import { OrdersSettings } from '../orders.settings';
import { CatalogClient } from './catalog.client';

/** A cart priced from the catalog: its lines (products that still exist) and their totals. */
export interface PricedCart {
  lines: CartLine[];
  view: CartView;
}

/** The cart: reads priced from the catalog, changes under the cart's row lock. */
@Injectable()
export class CartService {
  readonly carts: CartsRepository;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly catalog: CatalogClient,
    private readonly settings: OrdersSettings,
  ) {
    this.carts = new CartsRepository(settings.cartTtlHours);
  }

  async get(user: AuthUser): Promise<CartView> {
    return (await this.priced(user.id)).view;
  }

  /** Sets a product's quantity (0 removes it); refused above the product's stock or the cart's size. */
  async set(user: AuthUser, productId: string, quantity: number): Promise<CartView> {
    if (quantity > 0) {
      const product = await this.catalog.product(productId);
      if (!product) throw new AppError('NOT_FOUND', `product ${productId} not found`);
      if (product.stock < quantity)
        throw new AppError(OrdersErrors.INSUFFICIENT_STOCK, `only ${product.stock} left of ${product.title}`);
    }
    await this.ctx.db.transaction(async (tx) => {
      await this.carts.lock(tx, user.id);
      if (quantity > 0 && (await this.carts.lineCount(tx, user.id)) >= MAX_CART_LINES) {
        const has = (await this.carts.read(tx, user.id)).items.some((i) => i.productId === productId);
        if (!has) throw new AppError(OrdersErrors.CART_FULL, `a cart holds at most ${MAX_CART_LINES} products`);
      }
      await this.carts.set(tx, user.id, productId, quantity);
    });
    return this.get(user);
  }

  /** The user's cart priced from the catalog now. */
  async priced(userId: string): Promise<PricedCart & { items: CartItemRecord[] }> {
    const cart = await this.carts.read(this.ctx.db.db, userId);
    const products = await this.catalog.products(cart.items.map((i) => i.productId));
    const lines: CartLine[] = [];
    for (const item of cart.items) {
      const p = products.get(item.productId);
      if (!p) continue;
      const line = { unitPriceCents: p.priceCents, quantity: item.quantity };
      lines.push({
        productId: p.id,
        title: p.title,
        console: p.console,
        format: p.format,
        ...line,
        lineTotalCents: lineTotal(line),
        stock: p.stock,
      });
    }
    const updatedAt = cart.updatedAt;
    const expiresAt = updatedAt && new Date(updatedAt.getTime() + this.settings.cartTtlHours * 3_600_000);
    return {
      items: cart.items,
      lines,
      view: {
        items: lines,
        totals: cartTotals(lines),
        updatedAt: updatedAt?.toISOString() ?? null,
        expiresAt: expiresAt?.toISOString() ?? null,
      },
    };
  }
}
