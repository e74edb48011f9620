import type { EventStatus } from '../contracts/event.dto';
import type { EventSize } from '../contracts/events';

export interface EventRecord {
  id: string;
  managerId: string;
  name: string;
  description: string;
  organizer: string;
  place: string;
  startsAt: Date;
  durationMinutes: number;
  size: EventSize;
  purchaseDeadline: Date;
  status: EventStatus;
  statusReason: string | null;
  revision: number;
  hostingFee: number;
  feePaymentId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface TicketTypeRecord {
  id: string;
  eventId: string;
  position: number;
  name: string;
  price: number;
  discountPercent: number;
  finalPrice: number;
  commission: number;
  quantity: number;
  salesStartAt: Date;
  salesEndAt: Date;
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
