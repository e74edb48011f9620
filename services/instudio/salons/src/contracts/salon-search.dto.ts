import { Pagination } from '@coordina/platform';
import { z } from 'zod';
import { Categories } from './categories.dto';
import { SalonSummary, Subcategories, Subcategory } from './salons.dto';

const cents = z.coerce.number().int().min(0).max(10_000_000);
const text = z.string().trim().min(1).max(100);

/**
 * Salon search. `category` is a top-level category (beauty, spa) or, as before, a
 * subcategory. The service filters (category, subcategory, serviceId, service, price range)
 * apply together to one service: a salon matches when one of its services passes them all.
 */
export const SalonSearchQuery = Pagination.extend({
  district: text.optional(),
  category: z.enum([...Categories, ...Subcategories.filter((s) => s !== 'spa')]).optional(),
  subcategory: Subcategory.optional(),
  serviceId: z.uuid().optional(),
  /** Part of a service's name, e.g. `service=manicure`. */
  service: text.optional(),
  priceMin: cents.optional(),
  priceMax: cents.optional(),
  q: text.optional(),
  /** relevance: text rank when `q` is given, else rating then name. */
  sort: z.enum(['relevance', 'rating']).default('relevance'),
}).refine((f) => f.priceMin === undefined || f.priceMax === undefined || f.priceMin <= f.priceMax, {
  message: 'priceMin must not exceed priceMax',
  path: ['priceMin'],
});
export type SalonSearchQuery = z.infer<typeof SalonSearchQuery>;

export const SalonPage = z.object({
  items: z.array(SalonSummary),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type SalonPage = z.infer<typeof SalonPage>;

/** A platform admin's (or salon admin's) list of salons, with their admins. */
export const AdminSalonQuery = Pagination.extend({ adminUserId: z.uuid().optional() });
export type AdminSalonQuery = z.infer<typeof AdminSalonQuery>;

export const AdminSalonSummary = SalonSummary.extend({ adminUserId: z.uuid(), serviceCount: z.number().int() });
export type AdminSalonSummary = z.infer<typeof AdminSalonSummary>;

export const AdminSalonPage = SalonPage.extend({ items: z.array(AdminSalonSummary) });
export type AdminSalonPage = z.infer<typeof AdminSalonPage>;
