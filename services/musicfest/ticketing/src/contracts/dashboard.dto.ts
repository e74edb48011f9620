import { IsoDateTime } from '@coordina/platform';
import { z } from 'zod';

const Cents = z.number().int().nonnegative();

export const TicketTypeSales = z.object({
  ticketTypeId: z.uuid(),
  name: z.string(),
  capacity: z.number().int().nonnegative(),
  sold: z.number().int().nonnegative(),
  reserved: z.number().int().nonnegative(),
  seatsLeft: z.number().int().nonnegative(),
  /** Tickets asked for by waiting purchases. */
  waitlisted: z.number().int().nonnegative(),
  collected: Cents,
  commission: Cents,
});

/** An event's sales for its manager; money in integer cents (PEN). */
export const SalesDashboard = z.object({
  eventId: z.uuid(),
  eventName: z.string(),
  status: z.enum(['ON_SALE', 'CANCELLED']),
  ticketTypes: z.array(TicketTypeSales),
  totals: z.object({ sold: z.number().int(), reserved: z.number().int(), collected: Cents, commission: Cents }),
  salesOverTime: z.array(z.object({ hour: IsoDateTime, tickets: z.number().int(), amount: Cents })),
  /** Purchases waiting in line. */
  waitlistSize: z.number().int().nonnegative(),
  currency: z.literal('PEN'),
});
export type SalesDashboard = z.infer<typeof SalesDashboard>;
