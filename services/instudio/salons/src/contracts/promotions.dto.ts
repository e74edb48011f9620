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
export type PromotionPage = z.infer<typeof PromotionPage>;

const PromotionFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000),
  discountPercent: z.number().int().min(1).max(90),
  serviceIds: z.array(z.uuid()).min(1).max(200),
  validFrom: z.iso.date(),
  validTo: z.iso.date(),
  weekdays: z
    .array(z.number().int().min(0).max(6))
    .min(1)
    .max(7)
    .refine((ds) => new Set(ds).size === ds.length, 'each weekday once'),
  startTime: ClockTime,
  endTime: ClockTime,
};

/** The cross-field rules of a promotion, shared by create and by an edit merged with the stored one. */
export const promotionRuleIssues = (p: {
  validFrom: string;
  validTo: string;
  startTime: string;
  endTime: string;
}): { field: 'validTo' | 'endTime'; message: string }[] => [
  ...(p.validFrom <= p.validTo ? [] : [{ field: 'validTo' as const, message: 'validTo must not be before validFrom' }]),
  ...(p.startTime < p.endTime ? [] : [{ field: 'endTime' as const, message: 'endTime must be after startTime' }]),
];

export const CreatePromotionBody = z
  .object({ ...PromotionFields, description: PromotionFields.description.default('') })
  .superRefine((p, ctx) => {
    for (const i of promotionRuleIssues(p)) ctx.addIssue({ code: 'custom', message: i.message, path: [i.field] });
  });
export type CreatePromotionBody = z.infer<typeof CreatePromotionBody>;

/** An edit; `active: false` disables the promotion, `active: true` re-enables it. */
export const UpdatePromotionBody = z
  .object({ ...PromotionFields, active: z.boolean() })
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'at least one field to change');
export type UpdatePromotionBody = z.infer<typeof UpdatePromotionBody>;
