import type { TFunction } from 'i18next';
import type { paths } from '../../../api/openapi';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
export type EventView = Json<paths['/api/musicfest/events/{id}']['get']['responses'][200]>;
export type CreateBody = Json<paths['/api/musicfest/events']['post']['requestBody']>;
export type PatchBody = Json<paths['/api/musicfest/events/{id}']['patch']['requestBody']>;
export type Size = CreateBody['size'];
type TicketPatch = NonNullable<PatchBody['ticketTypes']>[number];

/**
 * Most seats over an event's ticket types by its size, as festivals' EventSizePolicy allows
 * (the API checks it again; its hosting fee by size is the API's to compute and show).
 */
export const MAX_SEATS: Record<Size, number> = { small: 500, medium: 5_000, large: 20_000, massive: 200_000 };
export const SIZES = Object.keys(MAX_SEATS) as Size[];
export const CARDS = ['pm_card_visa', 'pm_card_mastercard', 'pm_card_chargeDeclined'] as const;
const MAX_TYPES = 20;

/** A ticket type as typed: strings, the price in soles (the API's cents on sending). */
export interface TicketTypeForm {
  id?: string;
  name: string;
  price: string;
  discountPercent: string;
  quantity: string;
  salesStartAt: string;
  salesEndAt: string;
}

/** The event form as typed; date-times as `datetime-local` values (the browser's clock). */
export interface EventForm {
  name: string;
  organizer: string;
  place: string;
  description: string;
  startsAt: string;
  durationMinutes: string;
  size: Size;
  purchaseDeadline: string;
  paymentMethod: string;
  ticketTypes: TicketTypeForm[];
}

const DAY = 86_400_000;

/** An instant as a `datetime-local` value on this browser's clock (minutes). */
export function localInput(at: Date | string): string {
  const d = new Date(at);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** A `datetime-local` value as the API's instant, or undefined when it is not one. */
function instant(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const iso = (value: string) => instant(value)?.toISOString() ?? value;
const cents = (soles: string) => Math.round(Number(soles.replace(',', '.')) * 100);
const soles = (c: number) => (c % 100 === 0 ? String(c / 100) : (c / 100).toFixed(2));
const int = (s: string) => Number(s.trim());

export function newTicketType(deadline: string, name = ''): TicketTypeForm {
  return {
    name,
    price: '',
    discountPercent: '0',
    quantity: '',
    salesStartAt: localInput(new Date()),
    salesEndAt: deadline,
  };
}

/** A new event's form: a month ahead, sales until the day before, one ticket type. */
export function blankForm(now = new Date()): EventForm {
  const start = new Date(now.getTime() + 30 * DAY);
  start.setHours(20, 0, 0, 0);
  const deadline = localInput(new Date(start.getTime() - DAY));
  return {
    name: '',
    organizer: '',
    place: '',
    description: '',
    startsAt: localInput(start),
    durationMinutes: '240',
    size: 'small',
    purchaseDeadline: deadline,
    paymentMethod: CARDS[0],
    ticketTypes: [newTicketType(deadline, 'General')],
  };
}

/** An event as the form shows it for editing. */
export function formOf(e: EventView): EventForm {
  return {
    name: e.name,
    organizer: e.organizer,
    place: e.place,
    description: e.description,
    startsAt: localInput(e.startsAt),
    durationMinutes: String(e.durationMinutes),
    size: e.size,
    purchaseDeadline: localInput(e.purchaseDeadline),
    paymentMethod: '',
    ticketTypes: e.ticketTypes.map((t) => ({
      id: t.id,
      name: t.name,
      price: soles(t.price),
      discountPercent: String(t.discountPercent),
      quantity: String(t.quantity),
      salesStartAt: localInput(t.salesStartAt),
      salesEndAt: localInput(t.salesEndAt),
    })),
  };
}

/**
 * The API's rules for an event (festivals' event DTOs and EventInputRules), as messages by
 * the API's own field names (`ticketTypes.0.price`), so its answers land on the same fields.
 * `original` is the event being edited: only a changed start must be in the future.
 */
export function brokenRules(f: EventForm, t: TFunction, original?: EventForm): Record<string, string> {
  const out: Record<string, string> = {};
  const set = (field: string, message: string) => {
    out[field] ??= message;
  };
  const text = (field: string, value: string, max: number) => {
    const n = value.trim().length;
    if (n < 1 || n > max) set(field, t('manage.rules.text', { max }));
  };
  const wholeIn = (field: string, value: string, min: number, max: number, rule: string) => {
    const n = int(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max) set(field, t(rule));
  };
  const when = (field: string, value: string) => {
    const d = instant(value);
    if (!d) set(field, t('manage.rules.dateTime'));
    return d;
  };
  text('name', f.name, 200);
  text('organizer', f.organizer, 200);
  text('place', f.place, 300);
  if (f.description.length > 5000) set('description', t('manage.rules.description'));
  const start = when('startsAt', f.startsAt);
  if (start && (!original || original.startsAt !== f.startsAt) && start.getTime() <= Date.now())
    set('startsAt', t('manage.rules.future'));
  wholeIn('durationMinutes', f.durationMinutes, 1, 20_160, 'manage.rules.duration');
  const deadline = when('purchaseDeadline', f.purchaseDeadline);
  if (start && deadline && deadline > start) set('purchaseDeadline', t('manage.rules.deadline'));
  if (!original && !f.paymentMethod) set('paymentMethod', t('validation.required'));
  const names = new Set<string>();
  f.ticketTypes.forEach((tt, i) => {
    const at = `ticketTypes.${i}`;
    text(`${at}.name`, tt.name, 100);
    const key = tt.name.trim().toLowerCase();
    if (names.has(key)) set(`${at}.name`, t('manage.rules.duplicate'));
    names.add(key);
    const price = cents(tt.price);
    if (!/^\d+([.,]\d{1,2})?$/.test(tt.price.trim()) || price > 100_000_000)
      set(`${at}.price`, t('manage.rules.price'));
    wholeIn(`${at}.discountPercent`, tt.discountPercent, 0, 100, 'manage.rules.discount');
    wholeIn(`${at}.quantity`, tt.quantity, 1, 200_000, 'manage.rules.quantity');
    const from = when(`${at}.salesStartAt`, tt.salesStartAt);
    const until = when(`${at}.salesEndAt`, tt.salesEndAt);
    if (from && until && until <= from) set(`${at}.salesEndAt`, t('manage.rules.salesEnd'));
    if (until && deadline && until > deadline) set(`${at}.salesEndAt`, t('manage.rules.salesEndDeadline'));
  });
  const seats = f.ticketTypes.reduce((n, tt) => n + (int(tt.quantity) || 0), 0);
  if (seats > MAX_SEATS[f.size]) set('ticketTypes', t('manage.rules.seats', { seats, max: MAX_SEATS[f.size] }));
  return out;
}

function ticketBody(tt: TicketTypeForm) {
  return {
    name: tt.name.trim(),
    price: cents(tt.price),
    discountPercent: int(tt.discountPercent),
    quantity: int(tt.quantity),
    salesStartAt: iso(tt.salesStartAt),
    salesEndAt: iso(tt.salesEndAt),
  };
}

/** POST /api/musicfest/events's body. */
export function createBody(f: EventForm): CreateBody {
  return {
    name: f.name.trim(),
    organizer: f.organizer.trim(),
    place: f.place.trim(),
    description: f.description,
    startsAt: iso(f.startsAt),
    durationMinutes: int(f.durationMinutes),
    size: f.size,
    purchaseDeadline: iso(f.purchaseDeadline),
    paymentMethod: f.paymentMethod,
    ticketTypes: f.ticketTypes.map(ticketBody),
  };
}

/** What changed (PATCH /api/musicfest/events/{id}'s body): changed fields, changed or new ticket types. */
export function patchBody(f: EventForm, original: EventForm): PatchBody {
  const now = createBody(f);
  const was = createBody({ ...original, paymentMethod: f.paymentMethod });
  const body: PatchBody = {};
  for (const key of ['name', 'organizer', 'place', 'description', 'startsAt', 'durationMinutes', 'size'] as const) {
    if (f[key] !== original[key]) Object.assign(body, { [key]: now[key] });
  }
  if (f.purchaseDeadline !== original.purchaseDeadline) body.purchaseDeadline = now.purchaseDeadline;
  // Every type in the form's order (an unchanged one by its id alone), so the API's
  // `ticketTypes.<i>` errors name the form's own rows.
  let changes = false;
  const types = f.ticketTypes.map((tt, i): TicketPatch => {
    const next = now.ticketTypes[i] as TicketPatch & ReturnType<typeof ticketBody>;
    const j = original.ticketTypes.findIndex((o) => o.id !== undefined && o.id === tt.id);
    const before = was.ticketTypes[j];
    if (!tt.id || !before) {
      changes = true;
      return next;
    }
    const changed = (Object.keys(next) as (keyof typeof before)[]).filter((k) => next[k] !== before[k]);
    if (changed.length > 0) changes = true;
    return { id: tt.id, ...Object.fromEntries(changed.map((k) => [k, next[k]])) };
  });
  if (changes) body.ticketTypes = types;
  return body;
}

export const canAddType = (f: EventForm) => f.ticketTypes.length < MAX_TYPES;
