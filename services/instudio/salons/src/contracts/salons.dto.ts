import { z } from 'zod';

/** The fixed list of categories; a service belongs to one of them (its subcategory). */
export const Subcategories = ['makeup', 'hair', 'waxing', 'nails', 'spa', 'other'] as const;
export const Subcategory = z.enum(Subcategories);
export type Subcategory = z.infer<typeof Subcategory>;

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const TimeZone = z.string().min(1).max(64).refine(isTimeZone, 'unknown IANA time zone');
export const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (00:00-23:59)');

/** Opening or working hours for one weekday (0 = Sunday), local to the salon's time zone. */
export const DayHours = z
  .object({ weekday: z.number().int().min(0).max(6), opens: ClockTime, closes: ClockTime })
  .refine((h) => h.opens < h.closes, { message: 'closes must be after opens', path: ['closes'] });
export type DayHours = z.infer<typeof DayHours>;

export const WeekHours = z
  .array(DayHours)
  .max(7)
  .refine((hs) => new Set(hs.map((h) => h.weekday)).size === hs.length, 'one entry per weekday');

export const SalonServiceView = z.object({
  id: z.uuid(),
  name: z.string(),
  subcategory: Subcategory,
  durationMinutes: z.number().int().positive(),
  priceCents: z.number().int().nonnegative(),
});
export type SalonServiceView = z.infer<typeof SalonServiceView>;

export const StylistView = z.object({
  id: z.uuid(),
  name: z.string(),
  serviceIds: z.array(z.uuid()),
  /** Empty: the stylist works the salon's hours. */
  hours: z.array(DayHours),
});
export type StylistView = z.infer<typeof StylistView>;

const SalonFields = {
  id: z.uuid(),
  name: z.string(),
  address: z.string(),
  district: z.string(),
  phone: z.string(),
  description: z.string(),
  timezone: z.string(),
  ratingAvg: z.number(),
  ratingCount: z.number().int(),
};

/** A salon in search results. */
export const SalonSummary = z.object({
  ...SalonFields,
  categories: z.array(Subcategory),
  priceFromCents: z.number().int().nullable(),
});
export type SalonSummary = z.infer<typeof SalonSummary>;

/** A salon with everything booking needs: services, stylists and hours. Booking reads this over HTTP. */
export const SalonDetail = z.object({
  ...SalonFields,
  adminUserId: z.uuid(),
  services: z.array(SalonServiceView),
  stylists: z.array(StylistView),
  hours: z.array(DayHours),
});
export type SalonDetail = z.infer<typeof SalonDetail>;

const text = (max: number) => z.string().trim().min(1).max(max);

export const CreateSalonBody = z.object({
  name: text(200),
  address: text(300),
  district: text(100),
  phone: text(40),
  description: z.string().trim().max(2000).default(''),
  timezone: TimeZone.default('America/Lima'),
  adminUserId: z.uuid(),
});
export type CreateSalonBody = z.infer<typeof CreateSalonBody>;

export const UpdateSalonBody = z
  .object({
    name: text(200),
    address: text(300),
    district: text(100),
    phone: text(40),
    description: z.string().trim().max(2000),
    timezone: TimeZone,
    adminUserId: z.uuid(),
  })
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'at least one field to change');
export type UpdateSalonBody = z.infer<typeof UpdateSalonBody>;

export const CreateServiceBody = z.object({
  name: text(200),
  subcategory: Subcategory,
  durationMinutes: z.number().int().min(5).max(720),
  priceCents: z.number().int().min(0).max(10_000_000),
});
export type CreateServiceBody = z.infer<typeof CreateServiceBody>;

export const UpdateServiceBody = CreateServiceBody.partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'at least one field to change');
export type UpdateServiceBody = z.infer<typeof UpdateServiceBody>;

export const ServiceParams = z.object({ id: z.uuid(), serviceId: z.uuid() });
export type ServiceParams = z.infer<typeof ServiceParams>;

export const CreateStylistBody = z.object({
  name: text(200),
  serviceIds: z.array(z.uuid()).max(200).default([]),
  hours: WeekHours.default([]),
});
export type CreateStylistBody = z.infer<typeof CreateStylistBody>;

export const StylistParams = z.object({ id: z.uuid(), stylistId: z.uuid() });
export type StylistParams = z.infer<typeof StylistParams>;

export const PutHoursBody = z.object({ hours: WeekHours });
export type PutHoursBody = z.infer<typeof PutHoursBody>;
