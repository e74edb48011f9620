import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DemoUsers } from '@coordina/identity/demo';
import type { RouteContract } from '@coordina/platform';
import { opsRoutes } from '@coordina/platform/runtime';
import { z } from 'zod';
import { allServices } from '../src/services.registry';
import { embedded, type Product } from './harness';

/**
 * A NUL character or an unpaired UTF-16 surrogate in any string a route reads (body or query)
 * is refused with 400 problem+json naming the field, on every declared route: PostgreSQL
 * refuses NUL in text (a 500 before), and a lone surrogate cannot be encoded as UTF-8.
 * Generated from the route contracts: every top-level field of every body and query.
 */

function fields(schema: z.ZodType | undefined): string[] {
  if (!schema) return [];
  try {
    const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: object };
    return Object.keys(js.properties ?? {});
  } catch {
    return [];
  }
}

const UNSAFE = { nul: 'a\u0000b', 'lone surrogate': 'a\ud800b' } as const;

describe('unsafe text in any field is a 400 naming the field (embedded)', () => {
  let p: Product;
  let token: string;
  const routes: RouteContract[] = [];

  before(async () => {
    p = await embedded({ perIpPerMinute: 1_000_000, perUserPerMinute: 1_000_000 });
    token = await p.mint(DemoUsers.platformAdmin.id, ['platform_admin']);
    routes.push(...[...allServices.map((m) => m.routes), opsRoutes].flatMap((s) => s.routes));
  });
  after(() => p?.close());

  /** Sends one request with every field of the body or query set to `value`; returns what was wrong. */
  async function probe(r: RouteContract, where: 'body' | 'query', value: string): Promise<string | undefined> {
    const names = fields(where === 'body' ? r.body : r.query);
    if (names.length === 0) return undefined;
    const path = r.path.replace(/:([A-Za-z]+)/g, (_, n: string) => (n === 'provider' ? 'sandbox' : randomUUID()));
    const values = Object.fromEntries(names.map((n) => [n, value]));
    const res = await p.fetch(where === 'query' ? `${path}?${new URLSearchParams(values)}` : path, {
      method: r.method,
      token,
      ...(where === 'body' ? { json: values } : {}),
    });
    // A route this deployment turns off (fault injection) does not exist here.
    if (res.status === 404 && (res.body as { code?: string })?.code === 'ROUTE_NOT_FOUND') return undefined;
    const named = ((res.body as { errors?: { field: string }[] })?.errors ?? []).map((e) => e.field);
    const unnamed = names.filter((n) => !named.includes(`${where}.${n}`));
    if (
      res.status === 400 &&
      res.headers.get('content-type')?.startsWith('application/problem+json') &&
      !unnamed.length
    )
      return undefined;
    return `${r.method} ${r.path} ${where}: ${res.status}, fields not named: ${unnamed.join(', ')} ${res.text.slice(0, 200)}`;
  }

  for (const [kind, value] of Object.entries(UNSAFE)) {
    it(`refuses a ${kind} in every body field of every route`, async () => {
      const wrong: string[] = [];
      for (const r of routes) {
        // Webhooks read the raw body for its signature: a bad signature is refused before parsing.
        if (r.rawBody) continue;
        const problem = await probe(r, 'body', value);
        if (problem) wrong.push(problem);
      }
      assert.deepEqual(wrong, []);
    });
  }

  it('refuses a NUL in every query field of every route', async () => {
    const wrong: string[] = [];
    for (const r of routes) {
      const problem = await probe(r, 'query', UNSAFE.nul);
      if (problem) wrong.push(problem);
    }
    assert.deepEqual(wrong, []);
  });

  it('answers 400, not 500, where the text reached PostgreSQL before (one valid request, one bad field)', async () => {
    const cases = [
      p.fetch('/api/instudio/salons?q=a%00b'),
      p.fetch('/api/musicfest/events?q=a%00b'),
      p.fetch('/api/identity/register', {
        json: { email: `${randomUUID()}@e2e.test`, password: 'correct horse 1', name: 'An\u0000a' },
      }),
    ];
    const fields = ['query.q', 'query.q', 'body.name'];
    for (const [i, res] of (await Promise.all(cases)).entries()) {
      assert.equal(res.status, 400, res.text);
      assert.equal(res.body.errors?.[0]?.field, fields[i], res.text);
    }
  });
});
