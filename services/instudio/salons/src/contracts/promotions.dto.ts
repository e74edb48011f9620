import { Pagination } from '@coordina/platform';
import { z } from 'zod';
import { ClockTime } from './salons.dto';

/**
 * A promotion: a discount on listed services of one salon, valid between two dates (in
 * the salon's time zone, inclusive), on chosen weekdays (0 = Sunday) and between two
 * local times. Booking applies the best single active discount and fixes the price.
 */
export const PromotionView = z.object({
  id: z.uuid(),
  salonId: z.uuid(),
  name: z.string(),
  description: z.string(),
  discountPercent: z.number().int().min(1).max(90),
  serviceIds: z.array(z.uuid()).min(1),
  validFrom: z.iso.date(),
  validTo: z.iso.date(),
  weekdays: z.array(z.number().int().min(0).max(6)).min(1),
  startTime: ClockTime,
  endTime: ClockTime,
  active: z.boolean(),
});
export type PromotionView = z.infer<typeof PromotionView>;

export const PromotionQuery = Pagination.extend({
  salonId: z.uuid().optional(),
  q: z.string().trim().min(1).max(100).optional(),
  /** true (default): only promotions valid today or later and not disabled. */
  active: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});
export type PromotionQuery = z.infer<typeof PromotionQuery>;

export const PromotionPage = z.object({
  items: z.array(PromotionView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
