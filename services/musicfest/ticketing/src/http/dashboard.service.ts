import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { SalesDashboard } from '../contracts/dashboard.dto';
import { DashboardRepository } from '../db/dashboard.repository';
import { InventoryRepository } from '../db/inventory.repository';

/** An event's sales dashboard, for its manager or a platform admin. */
@Injectable()
export class DashboardService {
  readonly #inventory = new InventoryRepository();
  readonly #sales = new DashboardRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  async get(user: AuthUser, eventId: string): Promise<SalesDashboard> {
    const q = this.ctx.db.db;
    const event = await this.#inventory.findEvent(q, eventId);
    if (!event) throw new AppError('NOT_FOUND', `event ${eventId} not found`);
    if (event.managerId !== user.id && !user.roles.includes('platform_admin')) {
      throw new AppError('FORBIDDEN', "only the event's manager sees its sales");
    }
    const [types, collected, hours, waitlistSize] = await Promise.all([
      this.#inventory.typesOf(q, eventId),
      this.#sales.collectedByType(q, eventId),
      this.#sales.salesPerHour(q, eventId),
      this.#sales.waitlistSize(q, eventId),
    ]);
    const ticketTypes = types.map((t) => {
      const money = collected.find((c) => c.ticketTypeId === t.id);
      return {
        ticketTypeId: t.id,
        name: t.name,
        capacity: t.capacity,
        sold: t.sold,
        reserved: t.reserved,
        seatsLeft: Math.max(0, t.capacity - t.reserved - t.sold),
        waitlisted: t.waitlisted,
        collected: money?.collected ?? 0,
        commission: money?.commission ?? 0,
      };
    });
    const sum = (k: 'sold' | 'reserved' | 'collected' | 'commission') => ticketTypes.reduce((s, t) => s + t[k], 0);
    return {
      eventId,
      eventName: event.name,
      status: event.status,
      ticketTypes,
      totals: {
        sold: sum('sold'),
        reserved: sum('reserved'),
        collected: sum('collected'),
        commission: sum('commission'),
      },
      salesOverTime: hours.map((h) => ({ hour: new Date(h.hour).toISOString(), tickets: h.tickets, amount: h.amount })),
      waitlistSize,
      currency: 'PEN',
    };
  }
}
