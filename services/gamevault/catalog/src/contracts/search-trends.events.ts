import { defineEvent } from '@coordina/platform';
import { z } from 'zod';

/** What a counted search term is: the text searched (`q`, trimmed and lower-cased) or a filter's value. */
export const SearchTermKind = z.enum(['q', 'console', 'genre', 'condition', 'sort']);
export type SearchTermKind = z.infer<typeof SearchTermKind>;

/**
 * The searches one catalog instance answered in one window, counted per normalized term: a
 * search for `q=Zelda&console=switch` counts once for `q:zelda` and once for `console:switch`,
 * and once in `searches`. One event per window (every N seconds, none for a window without
 * searches), never one per search.
 */
export const BusquedasRegistradas = defineEvent({
  topic: 'busquedas.registradas',
  version: 1,
  key: (d) => d.windowId,
  description:
    'GameVault catalog searches of one window, counted per normalized text and filter (for analytics search trends).',
  schema: z.object({
    windowId: z.uuid(),
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
    /** Searches answered in the window (pages included: page 2 of a search is a search). */
    searches: z.number().int().positive(),
    terms: z
      .array(z.object({ kind: SearchTermKind, value: z.string().min(1).max(100), count: z.number().int().positive() }))
      .max(1_000),
  }),
});
