import FindMyWay, { type HTTPMethod } from 'find-my-way';
import type { RouteContract, ServiceRoutes } from '../contracts/route-contract';

export type OwnedRoute = RouteContract & { service: string };

/**
 * Contract routes, matched the way Fastify matches them. The gateway finds the contract of
 * any request here, whether the route is served in this process or proxied to an instance.
 */
export class RouteTable {
  readonly #router = FindMyWay();
  readonly #all: OwnedRoute[] = [];

  constructor(services: readonly ServiceRoutes[]) {
    const seen = new Set<string>();
    for (const s of services) {
      for (const r of s.routes) {
        const id = `${r.method} ${r.path}`;
        if (seen.has(id)) throw new Error(`route ${id} declared twice`);
        seen.add(id);
        const owned = { ...r, service: s.service };
        this.#all.push(owned);
        this.#router.on(r.method as HTTPMethod, r.path, () => undefined, owned);
      }
    }
  }

  /** The contract of a request, by method and URL (query string ignored). */
  resolve(method: string, url: string): OwnedRoute | undefined {
    const path = url.split('?')[0] ?? url;
    const found = this.#router.find(method as HTTPMethod, path);
    return (found?.store as OwnedRoute | undefined) ?? undefined;
  }

  all(): OwnedRoute[] {
    return [...this.#all];
  }
}
