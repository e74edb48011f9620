import type { EventStatus } from '../contracts/event.dto';
import type { EventSize } from '../contracts/events';
import type { EditableEvent } from '../domain/changed-fields.rules';
import type { TicketTypeShownFields } from '../domain/event-wire.mapper';

export interface EventRecord extends EditableEvent {
  id: string;
  managerId: string;
  size: EventSize;
  status: EventStatus;
  statusReason: string | null;
  revision: number;
  hostingFee: number;
  feePaymentId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface TicketTypeRecord extends TicketTypeShownFields {
  id: string;
  eventId: string;
  position: number;
  seatsLeft: number;
}

/** A summary row of the catalog and the managers' listing. */
export interface EventSummaryRecord extends EventRecord {
  seatsLeft: number;
  minPrice: number;
}

export type NewEvent = Omit<EventRecord, 'revision' | 'statusReason' | 'createdAt' | 'updatedAt'> & {
  paymentMethod: string | null;
};

export type NewTicketType = Omit<TicketTypeRecord, 'seatsLeft'>;
