import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { boundRouteOf, CoordinaApp, opsRoutes } from '@coordina/platform/runtime';
import { testConfig } from '@coordina/platform/testing';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { allServices } from '../src/services.registry';

/**
 * Every route the product serves under /api is declared in its service's route contract, and
 * every declared route is served, by the service that declares it. The gateway authorizes,
 * rate-limits and (distributed) proxies by the contract alone: a handler without a contract
 * entry gets none of that, and a contract entry owned by the wrong service is proxied to the
 * wrong process. Read from what the booted app really serves: Fastify's router and the
 * handlers Nest registered. Every handler is bound to its entry by `@Endpoint` (its method, path,
 * status and schemas come from there), so the two cannot drift apart.
 */

type RouteSet = Map<string, string | undefined>; // "METHOD /path" -> owning service (when known)

const route = (method: string, path: string) => `${method} ${path}`;
const isApi = (path: string) => path === '/api' || path.startsWith('/api/');

/**
 * Fastify's routes from its router's printout (`printRoutes({ commonPrefix: false })`): a tree
 * whose nodes hold path fragments, four columns per level, and the methods of a route that ends
 * there in parentheses.
 */
function fastifyRoutes(printout: string): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of printout.split('\n')) {
    if (!line.trim()) continue;
    const m = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    assert.ok(m, `unexpected line in Fastify's route printout: ${JSON.stringify(line)}`);
    const depth = (m[1] ?? '').length / 4;
    const path = (depth > 0 ? (stack[depth - 1] ?? '') : '') + (m[2] ?? '');
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of (m[3] ?? '').split(', ').filter(Boolean)) out.push(route(method, path));
  }
  return out;
}

function join(...parts: string[]): string {
  return `/${parts.join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
}

describe('route contracts of the real services', () => {
  let app: CoordinaApp;
  const declared: RouteSet = new Map();

  before(async () => {
    const config = testConfig();
    app = await CoordinaApp.boot({ config, services: allServices });
    for (const s of [...allServices.map((m) => m.routes), opsRoutes]) {
      for (const r of s.routes) {
        const id = route(r.method, r.path);
        assert.ok(!declared.has(id), `${id} declared twice`);
        declared.set(id, s.service);
      }
    }
    assert.ok(declared.size > 50, `only ${declared.size} routes declared: the registry did not load`);
  });
  after(() => app?.close());

  it('declares what every route answers (a schema, NoBody or a media type): tests check answers against it', () => {
    const silent = [...allServices.map((m) => m.routes), opsRoutes].flatMap((s) =>
      s.routes.filter((r) => !r.response).map((r) => route(r.method, r.path)),
    );
    assert.deepEqual(silent, [], 'routes without a response');
  });

  it('serves under /api exactly the routes the contracts declare (Fastify router)', () => {
    const fastify = app.nest.getHttpAdapter().getInstance();
    const all = fastifyRoutes(fastify.printRoutes({ commonPrefix: false }));
    // The printout is read back through the router, so a misread line cannot invent a route.
    for (const r of all) {
      const [method, url] = r.split(' ') as [string, string];
      assert.ok(fastify.hasRoute({ method: method as 'GET', url }), `misread Fastify route ${r}`);
    }
    // Fastify answers HEAD for every GET by itself; any other HEAD would be a handler of its own.
    const served = new Set(all.filter((r) => !(r.startsWith('HEAD ') && all.includes(`GET ${r.slice(5)}`))));
    assert.ok(served.has('GET /health'), 'the printout was read: /health is there');
    const api = [...served].filter((r) => isApi(r.slice(r.indexOf(' ') + 1)));
    const undeclared = api.filter((r) => !declared.has(r)).sort();
    const unserved = [...declared.keys()].filter((r) => !served.has(r)).sort();
    assert.deepEqual(undeclared, [], 'served under /api without a contract entry');
    assert.deepEqual(unserved, [], 'declared in a contract but not served');
  });

  it('binds every Nest handler to its entry in the contract of the service whose module holds it', () => {
    const modules = app.nest.get(ModulesContainer);
    const scanner = new MetadataScanner();
    // The module class of each service, as its manifest builds it.
    const owners = new Map<unknown, string>();
    for (const m of allServices) {
      const ctx = app.contexts.get(m.name);
      assert.ok(ctx, m.name);
      owners.set(m.module(ctx).module, m.name);
    }
    const handlers: RouteSet = new Map();
    const unbound: string[] = [];
    for (const mod of modules.values()) {
      const owner = owners.get(mod.metatype) ?? (mod.metatype?.name === 'OpsModule' ? 'ops' : undefined);
      for (const wrapper of mod.controllers.values()) {
        const ctrl = wrapper.metatype as (new (...args: never[]) => object) | null;
        if (!ctrl) continue;
        const ctrlPaths = [Reflect.getMetadata(PATH_METADATA, ctrl) ?? '/'].flat() as string[];
        for (const name of scanner.getAllMethodNames(ctrl.prototype)) {
          const fn = (ctrl.prototype as Record<string, unknown>)[name] as object;
          const methodPath = Reflect.getMetadata(PATH_METADATA, fn) as string | string[] | undefined;
          if (methodPath === undefined) continue;
          const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod];
          for (const base of ctrlPaths) {
            for (const p of [methodPath].flat()) {
              const id = route(method, join(base, p));
              assert.ok(!handlers.has(id), `${id} has two Nest handlers (${ctrl.name}.${name})`);
              handlers.set(id, owner ?? `${mod.metatype?.name} (no service)`);
              const bound = boundRouteOf(fn);
              const boundId = bound && route(bound.route.method, bound.route.path);
              if (boundId !== id || bound?.service !== owner) {
                unbound.push(
                  `${ctrl.name}.${name}: serves ${id}, bound to ${boundId ?? 'nothing'} of ${bound?.service}`,
                );
              }
            }
          }
        }
      }
    }
    assert.ok(handlers.size > 50, `only ${handlers.size} Nest handlers found`);
    const api = [...handlers].filter(([r]) => isApi(r.slice(r.indexOf(' ') + 1)));
    assert.deepEqual(
      api.filter(([r]) => !declared.has(r)).map(([r, owner]) => `${r} (${owner})`),
      [],
      'Nest handlers without a contract entry',
    );
    assert.deepEqual(
      api.filter(([r, owner]) => declared.get(r) !== owner).map(([r, owner]) => `${r}: ${owner} vs ${declared.get(r)}`),
      [],
      'a handler served by one service and declared by another',
    );
    assert.deepEqual(
      [...declared.keys()].filter((r) => !handlers.has(r)),
      [],
      'contract entries without a Nest handler',
    );
    assert.deepEqual(unbound, [], 'handlers not bound with @Endpoint to the contract entry they serve');
  });
});
