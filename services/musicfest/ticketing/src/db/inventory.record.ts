/** An event as ticketing sells it. */
export interface EventRecord {
  id: string;
  managerId: string;
  name: string;
  organizer: string;
  place: string;
  startsAt: Date;
  purchaseDeadline: Date;
  status: 'ON_SALE' | 'CANCELLED';
  revision: number;
}

/** A ticket type with its prices and counts. */
export interface TicketTypeRecord {
  id: string;
  eventId: string;
  name: string;
  price: number;
  discountPercent: number;
  finalPrice: number;
  commission: number;
  capacity: number;
  reserved: number;
  sold: number;
  waitlisted: number;
  salesStartAt: Date;
  salesEndAt: Date;
  removed: boolean;
  sequence: string;
}

/** A type's counts after a change (what disponibilidad.actualizada reports). */
export interface TypeCounts {
  id: string;
  eventId: string;
  name: string;
  capacity: number;
  reserved: number;
  sold: number;
  waitlisted: number;
  sequence: string;
}
