import { randomUUID } from 'node:crypto';
import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { CreateEventBody, EventAccepted, EventCancelled } from '../contracts/event.dto';
import { EventoCancelado } from '../contracts/events';
import { EventsRepository } from '../db/events.repository';
import { EventInputRules } from '../domain/event-input.rules';
import { EventSizePolicy } from '../domain/event-size.policy';
import { EventSnapshotMapper } from '../events/event-snapshot.mapper';
import { HOSTING_FEE_SAGA, type HostingFeeSagaState } from '../events/hosting-fee.saga';
import { EventWriter } from './event.writer';
import { validationFailed } from './validation.error';

/** Creating an event (and charging its hosting fee) and cancelling one. */
@Injectable()
export class EventCommandsService {
  readonly #events = new EventsRepository();
  readonly #rules = new EventInputRules();
  readonly #sizes = new EventSizePolicy();
  readonly #snapshots = new EventSnapshotMapper();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly writer: EventWriter,
  ) {}

  /** Inserts the PENDING_FEE event and starts the hosting-fee saga in one transaction. */
  async create(user: AuthUser, body: CreateEventBody): Promise<EventAccepted> {
    const startsAt = new Date(body.startsAt);
    const purchaseDeadline = body.purchaseDeadline ? new Date(body.purchaseDeadline) : startsAt;
    const types = body.ticketTypes.map((t) => ({
      ...t,
      id: randomUUID(),
      salesStartAt: new Date(t.salesStartAt),
      salesEndAt: new Date(t.salesEndAt),
    }));
    const issues = this.#rules.check({ startsAt, purchaseDeadline, size: body.size, ticketTypes: types }, new Date(), {
      requireFuture: true,
    });
    if (issues.length > 0) throw validationFailed(issues);
    const id = randomUUID();
    const paymentId = randomUUID();
    const hostingFee = this.#sizes.hostingFee(body.size);
    await this.writer.commit(async (tx) => {
      await this.#events.insert(tx, {
        id,
        managerId: user.id,
        name: body.name,
        description: body.description,
        organizer: body.organizer,
        place: body.place,
        startsAt,
        durationMinutes: body.durationMinutes,
        size: body.size,
        purchaseDeadline,
        status: 'PENDING_FEE',
        hostingFee,
        feePaymentId: paymentId,
        paymentMethod: body.paymentMethod,
      });
      for (const [position, t] of types.entries()) await this.writer.insertType(tx, { ...t, eventId: id, position });
      const state: HostingFeeSagaState = {
        eventId: id,
        managerId: user.id,
        paymentId,
        paymentMethod: body.paymentMethod,
        hostingFee,
        eventName: body.name,
      };
      await this.ctx.sagas.start(tx, HOSTING_FEE_SAGA, id, state);
    });
    return { id, status: 'PENDING_FEE', hostingFee };
  }

  /** Cancels the event; ticketing refunds its tickets when it was on sale. Cancelling again changes nothing. */
  async cancel(user: AuthUser, id: string, reason: string | undefined): Promise<EventCancelled> {
    const status = await this.writer.commit(async (tx) => {
      const e = await this.writer.lockManaged(tx, user, id);
      if (e.status === 'CANCELLED') return e.status;
      const at = new Date();
      const why = reason ?? 'cancelled by its manager';
      const cancelled = await this.#events.cancel(tx, id, why, at);
      if (!cancelled) throw new AppError('INVALID_STATE', `event ${id} could not be cancelled`);
      if (e.status === 'PUBLISHED')
        await this.ctx.bus.publish(tx, EventoCancelado, this.#snapshots.cancelled(e, why, at));
      return cancelled.status;
    });
    return { id, status };
  }
}
