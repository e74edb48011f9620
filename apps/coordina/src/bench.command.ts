import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EmbeddedPostgresServer } from '@coordina/platform';
import { eventsBench } from './bench/events.bench';
import { sagaBench } from './bench/saga.bench';
import { machine, table } from './bench/stats';
import { KafkaServer } from './kafka.server';

/** `coordina bench`: side-by-side measurements in one run, written to bench/RESULTS.md. */
export async function benchCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { events: { type: 'string' }, bookings: { type: 'string' }, 'no-kafka': { type: 'boolean' } },
  });
  const events = Number.parseInt(values.events ?? '5000', 10);
  const bookings = Number.parseInt(values.bookings ?? '200', 10);
  const dir = mkdtempSync(join(tmpdir(), 'coordina-bench-'));
  const pg = new EmbeddedPostgresServer(join(dir, 'pg'), { durable: false, persistent: false });
  const kafka = values['no-kafka'] ? undefined : new KafkaServer(join(dir, 'kafka'));
  const [pgUrl, brokers] = await Promise.all([pg.start(), kafka?.start()]);
  process.env.COORDINA_TEST_PG_URL = pgUrl;
  try {
    const eventRows = await eventsBench(pgUrl, brokers, events);
    const raw = eventRows.find((r) => r.name.startsWith('raw'));
    const viaKafka = eventRows.find((r) => r.name.includes('Kafka →'));
    process.stdout.write(`${table(eventRows, 'events')}\n`);
    const saga = bookings > 0 ? await sagaBench(bookings) : undefined;
    const out = [
      '# Benchmark results',
      '',
      `Command: \`npm run bench -- --events ${events} --bookings ${bookings}\` on ${machine()}, ${new Date().toISOString()}.`,
      'Absolute numbers on a shared 2-core machine are noise; compare rows of one run.',
      '',
      `## Events (${events} events, 64 keys, 4 writers in transactions of 50)`,
      '',
      table(eventRows, 'events'),
      '',
      raw && viaKafka
        ? `Ratio Coordina ÷ raw client: throughput ${(viaKafka.perSecond / raw.perSecond).toFixed(2)}, p50 latency ${(viaKafka.p50 / raw.p50).toFixed(2)}, p99 ${(viaKafka.p99 / raw.p99).toFixed(2)} (Coordina adds the outbox write in the business transaction, the relay hop and an inbox transaction per event).`
        : '',
      '',
      `## Booking saga (${bookings} bookings)`,
      '',
      saga ? table([saga], 'bookings') : '(skipped)',
      '',
    ].join('\n');
    process.stdout.write(`${out}\n`);
    writeFileSync(resolve(__dirname, '../../../../bench/RESULTS.md'), out);
  } finally {
    await kafka?.stop();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return 0;
}
