import type { z } from 'zod';

/** A versioned event contract: its topic, its ordering key and the schema of its data. */
export interface EventContract<S extends z.ZodType = z.ZodType> {
  readonly topic: string;
  readonly version: number;
  readonly schema: S;
  /** The ordering key (CloudEvents `subject`): events with one key are handled in order. */
  readonly key: (data: z.infer<S>) => string;
  readonly description?: string;
}

export type EventData<C extends EventContract> = z.infer<C['schema']>;

export function defineEvent<S extends z.ZodType>(contract: EventContract<S>): EventContract<S> {
  return Object.freeze({ ...contract });
}
