import { randomUUID } from 'node:crypto';
import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext, type Tx } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { EventView, UpdateEventBody } from '../contracts/event.dto';
import { EventoPublicado } from '../contracts/events';
import type { EventRecord, TicketTypeRecord } from '../db/event.record';
import { type EventEdit, EventsRepository } from '../db/events.repository';
import { TicketTypesRepository } from '../db/ticket-types.repository';
import { ChangedFieldsRules } from '../domain/changed-fields.rules';
import { EventInputRules } from '../domain/event-input.rules';
import { EventSizePolicy } from '../domain/event-size.policy';
import { type PatchedTicketTypes, TicketTypePatchRules } from '../domain/ticket-type-patch.rules';
import { EventSnapshotMapper } from '../events/event-snapshot.mapper';
import { EventWriter } from './event.writer';
import { toEventView } from './event-view.mapper';
import { validationFailed } from './validation.error';

/**
 * Edits an event under its row lock: fields and ticket types, a new revision, and (when on
 * sale) EventoPublicado naming what changed so ticketing can tell the ticket holders.
 */
@Injectable()
export class EventEditsService {
  readonly #events = new EventsRepository();
  readonly #types = new TicketTypesRepository();
  readonly #rules = new EventInputRules();
  readonly #patches = new TicketTypePatchRules();
  readonly #changes = new ChangedFieldsRules();
  readonly #sizes = new EventSizePolicy();
  readonly #snapshots = new EventSnapshotMapper();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly writer: EventWriter,
  ) {}

  async update(user: AuthUser, id: string, body: UpdateEventBody): Promise<EventView> {
    return this.writer.commit(async (tx) => {
      const e = await this.writer.lockManaged(tx, user, id);
      if (e.status === 'CANCELLED') throw new AppError('INVALID_STATE', 'a cancelled event cannot be edited');
      const current = await this.#types.forEvent(tx, id);
      const next = this.#merge(e, body);
      const patched = this.#patches.apply(current, body.ticketTypes ?? []);
      this.#validate(e, body, next, patched);
      const changedFields = this.#changes.diff(e, next);
      if (patched.updated.length > 0 || patched.added.length > 0) changedFields.push('ticketTypes');
      if (changedFields.length === 0) return toEventView(e, current);
      const updated = await this.#events.update(tx, id, next);
      if (!updated) throw new AppError('INVALID_STATE', 'a cancelled event cannot be edited');
      const types = await this.#writeTypes(tx, id, current, patched);
      if (updated.status === 'PUBLISHED')
        await this.ctx.bus.publish(
          tx,
          EventoPublicado,
          this.#snapshots.published(updated, types, 'updated', changedFields),
        );
      return toEventView(updated, types);
    });
  }

  #merge(e: EventRecord, b: UpdateEventBody): EventEdit {
    const startsAt = b.startsAt ? new Date(b.startsAt) : e.startsAt;
    // A deadline that was the start moves with it unless given.
    const followsStart = new Date(e.purchaseDeadline).getTime() === new Date(e.startsAt).getTime();
    return {
      name: b.name ?? e.name,
      description: b.description ?? e.description,
      organizer: b.organizer ?? e.organizer,
      place: b.place ?? e.place,
      startsAt,
      durationMinutes: b.durationMinutes ?? e.durationMinutes,
      size: b.size ?? e.size,
      purchaseDeadline: b.purchaseDeadline
        ? new Date(b.purchaseDeadline)
        : followsStart
          ? startsAt
          : new Date(e.purchaseDeadline),
    };
  }

  #validate(e: EventRecord, b: UpdateEventBody, next: EventEdit, patched: PatchedTicketTypes): void {
    const field = (t: { id: string }) => {
      const i = patched.indexOf.get(t.id) ?? (t.id.startsWith('new:') ? Number(t.id.slice(4)) : undefined);
      return i === undefined ? `body.ticketTypes[id=${t.id}]` : `body.ticketTypes.${i}`;
    };
    const issues = [
      ...patched.issues,
      ...this.#rules.check({ ...next, ticketTypes: patched.all.map((t) => ({ ...t, field: field(t) })) }, new Date(), {
        requireFuture: b.startsAt !== undefined,
      }),
    ];
    if (issues.length > 0) throw validationFailed(issues);
    if (e.status !== 'FEE_DECLINED' && this.#sizes.hostingFee(next.size) > e.hostingFee)
      throw new AppError('CONFLICT', `body.size: a ${next.size} event needs a higher hosting fee than the one paid`);
  }

  async #writeTypes(
    tx: Tx,
    eventId: string,
    current: readonly TicketTypeRecord[],
    patched: PatchedTicketTypes,
  ): Promise<TicketTypeRecord[]> {
    for (const t of patched.updated) {
      const written = await this.#types.update(tx, eventId, this.writer.priced(t));
      if (!written) {
        const before = current.find((c) => c.id === t.id);
        const taken = before ? before.quantity - before.seatsLeft : 0;
        throw new AppError(
          'CONFLICT',
          `body.ticketTypes.${patched.indexOf.get(t.id)}.quantity: ${taken} tickets of "${t.name}" are already taken`,
        );
      }
    }
    let position = current.reduce((max, t) => Math.max(max, t.position), -1);
    for (const { type } of patched.added) {
      position += 1;
      await this.writer.insertType(tx, { ...type, id: randomUUID(), eventId, position });
    }
    return this.#types.forEvent(tx, eventId);
  }
}
