import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { CloudEvent } from '../contracts/cloud-event';
import type { EventContract, EventData } from '../contracts/event-contract';
import type { Tx } from '../db/database';
import { currentContext } from '../observability/request-context';
import { SpanKind, traced, traceparentOf } from '../observability/tracing';

/** Builds the CloudEvents envelope for a contract's data, after validating it. */
export function envelope<C extends EventContract>(source: string, contract: C, data: EventData<C>): CloudEvent {
  const parsed = contract.schema.parse(data);
  const ctx = currentContext();
  return {
    specversion: '1.0',
    id: randomUUID(),
    source,
    type: contract.topic,
    subject: contract.key(parsed),
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    dataschema: `urn:coordina:event:${contract.topic}:v${contract.version}`,
    data: parsed,
    ...(ctx ? { traceparent: ctx.traceparent, requestid: ctx.requestId } : {}),
  };
}

/** Writes events to the outbox in the caller's transaction; the relay publishes them. */
export async function writeOutbox(tx: Tx, events: readonly CloudEvent[]): Promise<void> {
  if (events.length === 0) return;
  return traced(
    'outbox.insert',
    async (span) => {
      // Traced: each event carries this span's context, which its publish and consumers continue.
      if (span) for (const e of events) (e as { traceparent?: string }).traceparent = traceparentOf(span);
      await insertOutbox(tx, events);
    },
    {
      kind: SpanKind.PRODUCER,
      attributes: { 'messaging.destination.name': events[0]?.type, 'outbox.events': events.length },
    },
  );
}

async function insertOutbox(tx: Tx, events: readonly CloudEvent[]): Promise<void> {
  const rows = events.map((e) => sql`(${e.id}, ${e.type}, ${e.subject}, ${JSON.stringify(e)}::jsonb)`);
  await sql`INSERT INTO coordina_outbox (id, topic, key, event) VALUES ${sql.join(rows)}`.execute(tx);
}
