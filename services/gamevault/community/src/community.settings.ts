import { Settings } from '@coordina/platform';
import { z } from 'zod';

/** The default blacklist: insults and slurs a review must not carry without a moderator's look. */
export const DEFAULT_BLACKLIST = ['idiota', 'imbecil', 'estupido', 'basura', 'mierda', 'stupid', 'idiot', 'scammer'];

/**
 * gamevault-community's settings, from the environment (checked at start with every other
 * service's; decision 0035). `GAMEVAULT_COMMUNITY_BLACKLIST`: comma-separated words that send
 * a review to the moderators' queue instead of approving it (default: a few insults).
 */
export class CommunitySettings extends Settings(
  z
    .object({
      GAMEVAULT_COMMUNITY_BLACKLIST: z
        .string()
        .regex(/^[\p{L}\p{N}, -]*$/u, 'comma-separated words (letters and digits)')
        .max(10_000)
        .optional(),
    })
    .transform((env) => ({
      blacklist:
        env.GAMEVAULT_COMMUNITY_BLACKLIST === undefined || env.GAMEVAULT_COMMUNITY_BLACKLIST.trim() === ''
          ? DEFAULT_BLACKLIST
          : env.GAMEVAULT_COMMUNITY_BLACKLIST.split(',')
              .map((w) => w.trim())
              .filter((w) => w.length > 0),
    })),
) {}
