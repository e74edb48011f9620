import { randomUUID } from 'node:crypto';
import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext, type Tx } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { SalonesActualizaciones } from '../contracts/events';
import type {
  CreateSalonBody,
  CreateServiceBody,
  CreateStylistBody,
  PutHoursBody,
  SalonDetail,
  SalonServiceView,
  StylistView,
  UpdateSalonBody,
} from '../contracts/salons.dto';
import { CatalogRepository } from '../db/catalog.repository';
import { SalonsRepository } from '../db/salons.repository';
import { SalonAccessPolicy } from '../domain/salon-access.policy';
import { SalonsService } from './salons.service';

type Change = 'salon.created' | 'salon.updated' | 'service.upserted' | 'stylist.upserted' | 'hours.updated';

/** Admin writes. Each runs in one transaction with its salones.actualizaciones event. */
@Injectable()
export class SalonAdminService {
  readonly #salons = new SalonsRepository();
  readonly #catalog = new CatalogRepository();
  readonly #policy = new SalonAccessPolicy();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly reads: SalonsService,
  ) {}

  async create(body: CreateSalonBody): Promise<SalonDetail> {
    const id = randomUUID();
    return this.#write(id, 'salon.created', async (tx) => {
      await this.#salons.insert(tx, id, body);
    });
  }

  async update(user: AuthUser, id: string, patch: UpdateSalonBody): Promise<SalonDetail> {
    if (patch.adminUserId !== undefined && !this.#policy.canReassign(user))
      throw new AppError('FORBIDDEN', 'only a platform admin may change the salon admin');
    return this.#write(id, 'salon.updated', async (tx) => {
      await this.#authorize(tx, user, id);
      await this.#salons.update(tx, id, patch);
    });
  }

  async addService(user: AuthUser, salonId: string, body: CreateServiceBody): Promise<SalonServiceView> {
    const id = randomUUID();
    await this.#write(salonId, 'service.upserted', async (tx) => {
      await this.#authorize(tx, user, salonId);
      await this.#catalog.insertService(tx, salonId, id, body);
    });
    return { id, ...body };
  }

  async addStylist(user: AuthUser, salonId: string, body: CreateStylistBody): Promise<StylistView> {
    const id = randomUUID();
    await this.#write(salonId, 'stylist.upserted', async (tx) => {
      await this.#authorize(tx, user, salonId);
      const known = await this.#catalog.serviceIdsOf(tx, salonId, body.serviceIds);
      const unknown = body.serviceIds.filter((s) => !known.has(s));
      if (unknown.length > 0)
        throw new AppError('VALIDATION_FAILED', `body.serviceIds: not services of this salon: ${unknown.join(', ')}`, {
          errors: [{ field: 'body.serviceIds', message: `not services of this salon: ${unknown.join(', ')}` }],
        });
      await this.#catalog.insertStylist(tx, salonId, id, body);
    });
    return { id, name: body.name, serviceIds: [...new Set(body.serviceIds)], hours: body.hours };
  }

  async putHours(user: AuthUser, salonId: string, body: PutHoursBody): Promise<SalonDetail> {
    return this.#write(salonId, 'hours.updated', async (tx) => {
      await this.#authorize(tx, user, salonId);
      await this.#catalog.replaceSalonHours(tx, salonId, body.hours);
    });
  }

  /** Locks the salon row (writes to one salon serialize), 404 if missing, 403 if not the caller's. */
  async #authorize(tx: Tx, user: AuthUser, salonId: string): Promise<void> {
    const salon = await this.#salons.find(tx, salonId, true);
    if (!salon) throw new AppError('NOT_FOUND', `salon ${salonId} not found`);
    if (!this.#policy.canManage(user, salon)) throw new AppError('FORBIDDEN', 'not an admin of this salon');
  }

  async #write(salonId: string, change: Change, apply: (tx: Tx) => Promise<void>): Promise<SalonDetail> {
    const detail = await this.ctx.db.transaction(async (tx) => {
      await apply(tx);
      await this.ctx.bus.publish(tx, SalonesActualizaciones, { salonId, change, at: new Date().toISOString() });
      const fresh = await this.reads.load(salonId, tx);
      if (!fresh) throw new AppError('NOT_FOUND', `salon ${salonId} not found`);
      return fresh;
    });
    await this.reads.invalidate(salonId);
    return detail;
  }
}
