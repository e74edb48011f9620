import type { EventContract } from '@coordina/platform';
import type { z } from 'zod';

/** The fields of booking's ResenaPublicada that ratings read. */
export interface ReviewPublished {
  reviewId: string;
  salonId: string;
  rating: number;
}

/**
 * Booking's ResenaPublicada contract (its schema validates every event), loaded at run time.
 * Booking's TypeScript project references this one, so a compile-time import back would
 * form a project-reference cycle that `tsc -b` rejects.
 */
export function resenaPublicada(): EventContract<z.ZodType<ReviewPublished>> {
  const contracts: { ResenaPublicada: EventContract<z.ZodType<ReviewPublished>> } =
    require('@coordina/instudio-booking/contracts');
  return contracts.ResenaPublicada;
}
