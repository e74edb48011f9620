import { randomUUID } from 'node:crypto';
import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { CatalogErrors } from '../contracts/catalog.errors';
import { ProductoActualizado, ProductoPublicado } from '../contracts/events';
import type { CreateProductBody, ProductView, UpdateProductBody } from '../contracts/products.dto';
import { ProductsRepository } from '../db/products.repository';
import { ProductRules } from '../domain/product.rules';
import { ProductsService } from './products.service';

/** Seller and admin writes, each in one transaction with its event (outbox). */
@Injectable()
export class ProductWriter {
  readonly #products = new ProductsRepository();
  readonly #rules = new ProductRules();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly reads: ProductsService,
  ) {}

  async create(user: AuthUser, body: CreateProductBody): Promise<ProductView> {
    const sellerId = this.#rules.sellerOf(user, body);
    if (typeof sellerId !== 'string')
      throw new AppError('VALIDATION_FAILED', `${sellerId.field}: ${sellerId.message}`, { errors: [sellerId] });
    const product = await this.ctx.db.transaction(async (tx) => {
      const created = await this.#products.insert(tx, randomUUID(), { ...body, sellerId });
      if (!created) throw new AppError('CONFLICT', 'product id taken, retry');
      await this.ctx.bus.publish(tx, ProductoPublicado, { product: created, at: created.createdAt });
      return created;
    });
    await this.reads.cache.invalidate(product.id);
    return product;
  }

  async update(user: AuthUser, id: string, patch: UpdateProductBody): Promise<ProductView> {
    const product = await this.ctx.db.transaction(async (tx) => {
      const current = await this.#products.find(tx, id, true);
      if (!current) throw new AppError('NOT_FOUND', `product ${id} not found`);
      if (!this.#rules.mayChange(user, current))
        throw new AppError(CatalogErrors.NOT_PRODUCT_SELLER, `product ${id} belongs to another seller`);
      const format = patch.format ?? current.format;
      const condition = patch.condition ?? current.condition;
      if (format === 'digital' && condition === 'used') {
        const field = patch.condition ? 'body.condition' : 'body.format';
        throw new AppError('VALIDATION_FAILED', `${field}: a digital product is always new`, {
          errors: [{ field, message: 'a digital product is always new' }],
        });
      }
      const updated = await this.#products.update(tx, id, patch);
      if (!updated) throw new AppError('NOT_FOUND', `product ${id} not found`);
      await this.ctx.bus.publish(tx, ProductoActualizado, { product: updated, at: updated.updatedAt });
      return updated;
    });
    await this.reads.cache.invalidate(id);
    return product;
  }
}
