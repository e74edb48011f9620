import { randomUUID } from 'node:crypto';
import { AccessTokens, MINTED_SIGN_IN } from '@coordina/platform';
import { testFetch } from '@coordina/platform/testing';
import { Agent, request } from 'undici';
import { machineQuiet } from './proc.stats';
import { percentile } from './stats';

const DAY = 86_400_000;

/**
 * The buyers' client. It shares the machine with the system under test, so it uses undici's
 * request API, which costs about half the CPU of fetch (measured: 2,000 concurrent POSTs took
 * 1.0 s of CPU against 2.3 s). Every buyer still opens a connection of their own.
 */
const buyersAgent = new Agent({ connections: null });

async function buy(
  base: string,
  token: string,
  body: unknown,
): Promise<{ status: number; body: { id?: string; status?: string; code?: string } }> {
  const res = await request(`${base}/api/musicfest/purchases`, {
    method: 'POST',
    dispatcher: buyersAgent,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify(body),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text ? JSON.parse(text) : {} };
}

/** One topology's ticket rush: what buyers saw and what was sold. */
export interface RushResult {
  name: string;
  buyers: number;
  seats: number;
  /** 202 answers (PENDING or WAITLISTED) per second, first send to last answer. */
  acceptedPerSecond: number;
  p50: number;
  p99: number;
  /** Answer time of the requests that were put on the waitlist (the waitlist entry and position). */
  waitlistP50: number;
  waitlistP99: number;
  pending: number;
  waitlisted: number;
  refused: number;
  errors: number;
  /** What the errors were: HTTP status or exception, with counts. */
  errorKinds: Record<string, number>;
  ticketsIssued: number;
  oversell: number;
  duplicateCodes: number;
  /** Seconds from the first request until every reserved purchase was COMPLETED. */
  soldOutSeconds: number;
  /** Seconds waited before the rush for the machine to be quiet (what earlier steps left running). */
  quietAfterSeconds: number;
}

export async function onSale(
  base: string,
  manager: string,
  seats: number,
): Promise<{ eventId: string; typeId: string }> {
  const now = Date.now();
  const created = await testFetch(base, '/api/musicfest/events', {
    token: manager,
    json: {
      name: `Bench rush ${randomUUID().slice(0, 8)}`,
      startsAt: new Date(now + 30 * DAY).toISOString(),
      durationMinutes: 300,
      place: 'Estadio Nacional, Lima',
      description: 'Ticket rush benchmark',
      organizer: 'Coordina Bench',
      size: 'medium',
      purchaseDeadline: new Date(now + 29 * DAY).toISOString(),
      ticketTypes: [
        {
          name: 'General',
          price: 15_000,
          discountPercent: 0,
          quantity: seats,
          salesStartAt: new Date(now - 60_000).toISOString(),
          salesEndAt: new Date(now + 29 * DAY).toISOString(),
        },
      ],
      paymentMethod: 'pm_card_visa',
    },
  });
  if (created.status !== 202) throw new Error(`creating the bench event failed: ${created.status} ${created.text}`);
  const eventId: string = created.body.id;
  for (let i = 0; i < 600; i++) {
    const e = await testFetch(base, `/api/musicfest/events/${eventId}`);
    if (e.status === 200 && e.body.status === 'PUBLISHED') {
      const typeId: string = e.body.ticketTypes[0].id;
      const s = await testFetch(base, '/api/musicfest/purchases/summary', {
        token: manager,
        json: { eventId, items: [{ ticketTypeId: typeId, quantity: 1 }] },
      });
      if (s.status === 200) return { eventId, typeId };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the bench event never went on sale');
}

/**
 * `buyers` buyers, each with their own token, ask for one ticket of a `seats`-seat event at
 * the same moment, through the entry point `base`. Then every reserved purchase is followed
 * to its end and the issued tickets are counted against the seats.
 */
export async function ticketRush(name: string, base: string, jwtSecret: string, buyers: number, seats: number) {
  const tokens = new AccessTokens(jwtSecret, 3600);
  const manager = await tokens.sign({
    id: randomUUID(),
    email: 'manager@bench.test',
    roles: ['manager'],
    ...MINTED_SIGN_IN,
  });
  const { eventId, typeId } = await onSale(base, manager, seats);
  const buyerTokens = await Promise.all(
    Array.from({ length: buyers }, () =>
      tokens.sign({ id: randomUUID(), email: 'buyer@bench.test', roles: ['client'], ...MINTED_SIGN_IN }),
    ),
  );
  // Putting the event on sale started its own work (the hosting fee's saga, emails), and a
  // previous benchmark may have left sagas or analytics running: the rush starts on a quiet machine.
  const quietAfterSeconds = (await machineQuiet()) / 1000;
  const latencies: number[] = [];
  const waitLatencies: number[] = [];
  const pending: { token: string; id: string }[] = [];
  let waitlisted = 0;
  let refused = 0;
  let errors = 0;
  const errorKinds: Record<string, number> = {};
  const started = performance.now();
  await Promise.all(
    buyerTokens.map(async (token) => {
      const t0 = performance.now();
      const r = await buy(base, token, {
        eventId,
        items: [{ ticketTypeId: typeId, quantity: 1 }],
        paymentMethod: 'pm_card_visa',
      }).catch((err: Error) => {
        const kind = String((err.cause as Error | undefined)?.message ?? err.message).slice(0, 60);
        errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
        return undefined;
      });
      const ms = performance.now() - t0;
      latencies.push(ms);
      if (r?.status === 202 && r.body.status === 'PENDING') pending.push({ token, id: String(r.body.id) });
      else if (r?.status === 202 && r.body.status === 'WAITLISTED') {
        waitlisted++;
        waitLatencies.push(ms);
      } else if (r?.status === 409) refused++;
      else {
        errors++;
        if (r)
          errorKinds[`${r.status} ${r.body?.code ?? ''}`] = (errorKinds[`${r.status} ${r.body?.code ?? ''}`] ?? 0) + 1;
      }
    }),
  );
  const answered = (performance.now() - started) / 1000;
  const codes: string[] = [];
  let open = [...pending];
  while (open.length > 0 && performance.now() - started < 600_000) {
    const next: typeof open = [];
    for (let i = 0; i < open.length; i += 50) {
      await Promise.all(
        open.slice(i, i + 50).map(async (x) => {
          const v = await testFetch(base, `/api/musicfest/purchases/${x.id}`, { token: x.token });
          if (v.body?.status === 'COMPLETED') codes.push(...v.body.tickets.map((t: { code: string }) => t.code));
          else if (v.body?.status === 'PENDING' || v.status >= 500) next.push(x);
        }),
      );
    }
    open = next;
    if (open.length > 0) await new Promise((r) => setTimeout(r, 250));
  }
  const soldOutSeconds = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  const waits = [...waitLatencies].sort((a, b) => a - b);
  const result: RushResult = {
    name,
    buyers,
    seats,
    acceptedPerSecond: (pending.length + waitlisted) / answered,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    waitlistP50: percentile(waits, 50),
    waitlistP99: percentile(waits, 99),
    pending: pending.length,
    waitlisted,
    refused,
    errors,
    errorKinds,
    ticketsIssued: codes.length,
    oversell: Math.max(0, codes.length - seats),
    duplicateCodes: codes.length - new Set(codes).size,
    soldOutSeconds,
    quietAfterSeconds,
  };
  return result;
}

export function rushTable(rows: RushResult[]): string {
  const lines = [
    '| topology | buyers / seats | accepted req/s | p50 ms | p99 ms | waitlist p50 / p99 ms | PENDING / WAITLISTED / refused / errors | tickets issued | oversell | duplicate codes | all sold after s |',
    '|---|---|---:|---:|---:|---|---|---:|---:|---:|---:|',
  ];
  for (const r of rows)
    lines.push(
      `| ${r.name} | ${r.buyers} / ${r.seats} | ${r.acceptedPerSecond.toFixed(0)} | ${r.p50.toFixed(0)} | ${r.p99.toFixed(0)} | ${r.waitlistP50.toFixed(0)} / ${r.waitlistP99.toFixed(0)} | ${r.pending} / ${r.waitlisted} / ${r.refused} / ${r.errors} | ${r.ticketsIssued} | ${r.oversell} | ${r.duplicateCodes} | ${r.soldOutSeconds.toFixed(1)} |`,
    );
  for (const r of rows) if (r.errors > 0) lines.push('', `Errors (${r.name}): ${JSON.stringify(r.errorKinds)}`);
  lines.push(
    '',
    `Each rush started once the machine was quiet (under 30% CPU for 1 s), after ${rows.map((r) => `${r.quietAfterSeconds.toFixed(1)} s (${r.name.split(':')[0]})`).join(', ')}.`,
  );
  return lines.join('\n');
}
