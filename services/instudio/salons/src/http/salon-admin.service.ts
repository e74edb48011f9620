import { randomUUID } from 'node:crypto';
import {
  AppError,
  type AuthUser,
  type EventData,
  SERVICE_CONTEXT,
  type ServiceContext,
  type Tx,
} from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { SalonesActualizaciones } from '../contracts/events';
import type { AdminSalonPage, AdminSalonQuery } from '../contracts/salon-search.dto';
import type {
  CreateSalonBody,
  CreateServiceBody,
  CreateStylistBody,
  PutHoursBody,
  SalonDetail,
  SalonServiceView,
  StylistView,
  UpdateSalonBody,
  UpdateServiceBody,
} from '../contracts/salons.dto';
import { CatalogRepository } from '../db/catalog.repository';
import { SalonsRepository } from '../db/salons.repository';
import { SalonAccessPolicy } from '../domain/salon-access.policy';
import { SalonGuard } from './salon-guard.service';
import { SalonsService } from './salons.service';

type Change = EventData<typeof SalonesActualizaciones>['change'];

/** Admin writes. Each runs in one transaction with its salones.actualizaciones event. */
@Injectable()
export class SalonAdminService {
  readonly #salons = new SalonsRepository();
  readonly #catalog = new CatalogRepository();
  readonly #policy = new SalonAccessPolicy();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly reads: SalonsService,
    private readonly guard: SalonGuard,
  ) {}

  async create(body: CreateSalonBody): Promise<SalonDetail> {
    const id = randomUUID();
    return this.#write(id, 'salon.created', async (tx) => {
      await this.#salons.insert(tx, id, body);
    });
  }

  /** Every salon for a platform admin (services or not); a salon admin's own salons for a salon admin. */
  async list(user: AuthUser, query: AdminSalonQuery): Promise<AdminSalonPage> {
    let filter = query;
    if (!this.#policy.canReassign(user)) {
      if (query.adminUserId !== undefined && query.adminUserId !== user.id)
        throw new AppError('FORBIDDEN', "only a platform admin may list other admins' salons");
      filter = { ...query, adminUserId: user.id };
    }
    const { items, total } = await this.#salons.list(this.ctx.db.db, filter);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async update(user: AuthUser, id: string, patch: UpdateSalonBody): Promise<SalonDetail> {
    if (patch.adminUserId !== undefined && !this.#policy.canReassign(user))
      throw new AppError('FORBIDDEN', 'only a platform admin may change the salon admin');
    return this.#write(id, 'salon.updated', async (tx) => {
      await this.guard.authorize(tx, user, id);
      await this.#salons.update(tx, id, patch);
    });
  }

  async addService(user: AuthUser, salonId: string, body: CreateServiceBody): Promise<SalonServiceView> {
    const id = randomUUID();
    await this.#write(salonId, 'service.upserted', async (tx) => {
      await this.guard.authorize(tx, user, salonId);
      await this.#catalog.insertService(tx, salonId, id, body);
    });
    return { id, ...body };
  }

  async updateService(
    user: AuthUser,
    salonId: string,
    serviceId: string,
    patch: UpdateServiceBody,
  ): Promise<SalonServiceView> {
    let updated: SalonServiceView | undefined;
    await this.#write(salonId, 'service.upserted', async (tx) => {
      await this.guard.authorize(tx, user, salonId);
      updated = await this.#catalog.updateService(tx, salonId, serviceId, patch);
      if (!updated) throw new AppError('NOT_FOUND', `service ${serviceId} not found in salon ${salonId}`);
    });
    if (!updated) throw new AppError('NOT_FOUND', `service ${serviceId} not found in salon ${salonId}`);
    return updated;
  }

  async addStylist(user: AuthUser, salonId: string, body: CreateStylistBody): Promise<StylistView> {
    const id = randomUUID();
    await this.#write(salonId, 'stylist.upserted', async (tx) => {
      await this.guard.authorize(tx, user, salonId);
      await this.guard.requireServices(tx, salonId, body.serviceIds, 'body.serviceIds');
      await this.#catalog.insertStylist(tx, salonId, id, body);
    });
    return { id, name: body.name, serviceIds: [...new Set(body.serviceIds)], hours: body.hours };
  }

  async putStylistHours(user: AuthUser, salonId: string, stylistId: string, body: PutHoursBody): Promise<SalonDetail> {
    return this.#write(salonId, 'stylist.upserted', async (tx) => {
      await this.guard.authorize(tx, user, salonId);
      if (!(await this.#catalog.replaceStylistHours(tx, salonId, stylistId, body.hours)))
        throw new AppError('NOT_FOUND', `stylist ${stylistId} not found in salon ${salonId}`);
    });
  }

  async putHours(user: AuthUser, salonId: string, body: PutHoursBody): Promise<SalonDetail> {
    return this.#write(salonId, 'hours.updated', async (tx) => {
      await this.guard.authorize(tx, user, salonId);
      await this.#catalog.replaceSalonHours(tx, salonId, body.hours);
    });
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
