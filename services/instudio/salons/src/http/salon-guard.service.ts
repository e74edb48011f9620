import { AppError, type AuthUser, type Tx } from '@coordina/platform';
import { Injectable } from '@nestjs/common';
import { CatalogRepository } from '../db/catalog.repository';
import type { SalonRecord } from '../db/salon.record';
import { SalonsRepository } from '../db/salons.repository';
import { SalonAccessPolicy } from '../domain/salon-access.policy';

/** Authorizes a write to one salon inside the write's transaction. */
@Injectable()
export class SalonGuard {
  readonly #salons = new SalonsRepository();
  readonly #catalog = new CatalogRepository();
  readonly #policy = new SalonAccessPolicy();

  /** Locks the salon row (writes to one salon serialize), 404 if missing, 403 if not the caller's. */
  async authorize(tx: Tx, user: AuthUser, salonId: string): Promise<SalonRecord> {
    const salon = await this.#salons.find(tx, salonId, true);
    if (!salon) throw new AppError('NOT_FOUND', `salon ${salonId} not found`);
    if (!this.#policy.canManage(user, salon)) throw new AppError('FORBIDDEN', 'not an admin of this salon');
    return salon;
  }

  /** 400 naming `field` when the salon lacks some of `serviceIds`. */
  async requireServices(tx: Tx, salonId: string, serviceIds: readonly string[], field: string): Promise<void> {
    const known = await this.#catalog.serviceIdsOf(tx, salonId, serviceIds);
    const unknown = serviceIds.filter((s) => !known.has(s));
    if (unknown.length === 0) return;
    const message = `not services of this salon: ${unknown.join(', ')}`;
    throw new AppError('VALIDATION_FAILED', `${field}: ${message}`, { errors: [{ field, message }] });
  }
}
