import { IsoDateTime, Pagination } from '@coordina/platform';
import { z } from 'zod';
import { EventSizes } from './events';

export const EventStatuses = ['PENDING_FEE', 'PUBLISHED', 'FEE_DECLINED', 'CANCELLED'] as const;
export const EventStatus = z.enum(EventStatuses);
export type EventStatus = z.infer<typeof EventStatus>;

/** The platform commission on every ticket's final price, shown with every price. */
export const COMMISSION_PERCENT = 3;

const Cents = z.number().int().nonnegative().max(100_000_000);
const Text = (max: number) => z.string().trim().min(1).max(max);

/** A ticket type as the manager writes it. Prices in integer cents (PEN), before the discount. */
export const TicketTypeInput = z.object({
  name: Text(100),
  price: Cents,
  discountPercent: z.number().int().min(0).max(100).default(0),
  quantity: z.number().int().positive().max(200_000),
  salesStartAt: IsoDateTime,
  salesEndAt: IsoDateTime,
});
export type TicketTypeInput = z.infer<typeof TicketTypeInput>;

export const CreateEventBody = z.object({
  name: Text(200),
  startsAt: IsoDateTime,
  durationMinutes: z
    .number()
    .int()
    .positive()
    .max(60 * 24 * 14),
  place: Text(300),
  description: z.string().trim().max(5000).default(''),
  organizer: Text(200),
  size: z.enum(EventSizes),
  /** Purchases and free cancellations end then; defaults to startsAt and may not be later. */
  purchaseDeadline: IsoDateTime.optional(),
  ticketTypes: z.array(TicketTypeInput).min(1).max(20),
  /** Pays the hosting fee (sandbox: pm_card_visa succeeds, pm_card_chargeDeclined declines). */
  paymentMethod: Text(100),
});
export type CreateEventBody = z.infer<typeof CreateEventBody>;

/** A ticket type edit: with `id` it updates that type (given fields only); without, it adds a new one (all fields). */
export const TicketTypePatch = z.object({
  id: z.uuid().optional(),
  name: Text(100).optional(),
  price: Cents.optional(),
  discountPercent: z.number().int().min(0).max(100).optional(),
  quantity: z.number().int().positive().max(200_000).optional(),
  salesStartAt: IsoDateTime.optional(),
  salesEndAt: IsoDateTime.optional(),
});
export type TicketTypePatch = z.infer<typeof TicketTypePatch>;

export const UpdateEventBody = z.object({
  name: Text(200).optional(),
  startsAt: IsoDateTime.optional(),
  durationMinutes: z
    .number()
    .int()
    .positive()
    .max(60 * 24 * 14)
    .optional(),
  place: Text(300).optional(),
  description: z.string().trim().max(5000).optional(),
  organizer: Text(200).optional(),
  size: z.enum(EventSizes).optional(),
  purchaseDeadline: IsoDateTime.optional(),
  ticketTypes: z.array(TicketTypePatch).min(1).max(20).optional(),
});
export type UpdateEventBody = z.infer<typeof UpdateEventBody>;

export const EventAccepted = z.object({ id: z.uuid(), status: EventStatus, hostingFee: z.number().int() });
export type EventAccepted = z.infer<typeof EventAccepted>;

export const CancelEventBody = z.object({ reason: z.string().trim().min(1).max(500).optional() }).optional();
export type CancelEventBody = z.infer<typeof CancelEventBody>;
export const CancelEventQuery = z.object({ reason: z.string().trim().min(1).max(500).optional() });
export type CancelEventQuery = z.infer<typeof CancelEventQuery>;

export const EventCancelled = z.object({ id: z.uuid(), status: EventStatus });
export type EventCancelled = z.infer<typeof EventCancelled>;

export const TicketTypeView = z.object({
  id: z.uuid(),
  name: z.string(),
  price: z.number().int(),
  discountPercent: z.number().int(),
  /** What a buyer pays per ticket (price less the discount, rounded half up). */
  finalPrice: z.number().int(),
  /** The platform's 3% of finalPrice (rounded half up). */
  commission: z.number().int(),
  quantity: z.number().int(),
  /** As last reported by ticketing. */
  seatsLeft: z.number().int(),
  salesStartAt: IsoDateTime,
  salesEndAt: IsoDateTime,
});
export type TicketTypeView = z.infer<typeof TicketTypeView>;

/** An event as the catalog lists it. Money in cents (PEN). */
export const EventSummary = z.object({
  id: z.uuid(),
  managerId: z.uuid(),
  name: z.string(),
  organizer: z.string(),
  place: z.string(),
  startsAt: IsoDateTime,
  durationMinutes: z.number().int(),
  size: z.enum(EventSizes),
  purchaseDeadline: IsoDateTime,
  status: EventStatus,
  revision: z.number().int(),
  hostingFee: z.number().int(),
  /** Sum over its ticket types. */
  seatsLeft: z.number().int(),
  /** The lowest final price of its ticket types. */
  minPrice: z.number().int(),
  currency: z.literal('PEN'),
  commissionPercent: z.literal(COMMISSION_PERCENT),
});
export type EventSummary = z.infer<typeof EventSummary>;

export const EventView = EventSummary.extend({
  description: z.string(),
  statusReason: z.string().nullable(),
  ticketTypes: z.array(TicketTypeView),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type EventView = z.infer<typeof EventView>;

export const CatalogSorts = ['deadline', 'seats', 'name'] as const;

/** `sort`: deadline (soonest first, default), seats (most seats left first) or name (A-Z); `q` matches event or organizer name. */
export const CatalogQuery = Pagination.extend({
  sort: z.enum(CatalogSorts).default('deadline'),
  q: z.string().trim().max(100).optional(),
});
export type CatalogQuery = z.infer<typeof CatalogQuery>;

export const ManagerEventsQuery = Pagination.extend({ status: EventStatus.optional() });
export type ManagerEventsQuery = z.infer<typeof ManagerEventsQuery>;

export const EventPage = z.object({
  items: z.array(EventSummary),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type EventPage = z.infer<typeof EventPage>;
