import { z } from 'zod';
import { defineEvent } from './event-contract';

/** An operations alert fired or resolved (the in-process evaluator of the embedded default). */
export const AlertaDisparada = defineEvent({
  topic: 'alerta.disparada',
  version: 1,
  key: (d) => d.alertId,
  description: 'An operations alert changed state (e.g. API p95 latency above 200 ms over 5 minutes).',
  schema: z.object({
    alertId: z.uuid(),
    rule: z.string(),
    state: z.enum(['firing', 'resolved']),
    summary: z.string(),
    at: z.iso.datetime({ offset: true }),
  }),
});
