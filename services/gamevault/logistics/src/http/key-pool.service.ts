import { catalogRoutes } from '@coordina/gamevault-catalog/contracts';
import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { KeyPoolView, KeysUploaded } from '../contracts/logistics.dto';
import { LogisticsErrors } from '../contracts/logistics.errors';
import { KeysRepository } from '../db/keys.repository';
import { KeyCipher } from '../domain/key-cipher';

const ADMINS = ['gamevault_admin', 'platform_admin'];

/** A digital product's key pool, managed by its seller or an admin; the codes are sealed before they are stored. */
@Injectable()
export class KeyPoolService {
  readonly #keys = new KeysRepository();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly cipher: KeyCipher,
  ) {}

  async upload(user: AuthUser, productId: string, codes: readonly string[]): Promise<KeysUploaded> {
    await this.#mayManage(user, productId);
    const sealed = codes.map((code) => ({
      productId,
      sealed: this.cipher.seal(code, productId),
      fingerprint: this.cipher.fingerprint(code, productId),
    }));
    return this.ctx.db.transaction(async (tx) => {
      const added = await this.#keys.add(tx, sealed, user.id);
      const pool = await this.#keys.pool(tx, productId);
      return { productId, added, duplicates: codes.length - added, ...pool };
    });
  }

  async pool(user: AuthUser, productId: string): Promise<KeyPoolView> {
    await this.#mayManage(user, productId);
    return { productId, ...(await this.#keys.pool(this.ctx.db.db, productId)) };
  }

  /** The product is digital and the caller its seller or an admin (the catalog says). */
  async #mayManage(user: AuthUser, productId: string): Promise<void> {
    const product = await this.ctx.http.find(catalogRoutes, 'GET /api/gamevault/products/:id', {
      params: { id: productId },
    });
    if (!product) throw new AppError('NOT_FOUND', `product ${productId} not found`);
    if (product.sellerId !== user.id && !user.roles.some((r) => ADMINS.includes(r)))
      throw new AppError(LogisticsErrors.NOT_KEY_POOL_SELLER, `product ${productId} belongs to another seller`);
    if (product.format !== 'digital')
      throw new AppError(LogisticsErrors.NOT_DIGITAL_PRODUCT, `product ${productId} is physical: it ships`);
  }
}
