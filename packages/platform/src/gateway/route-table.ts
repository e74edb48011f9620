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
  /** Resolved requests by method and path: the gateway and each service ask on every request. */
  readonly #resolved = new Map<string, OwnedRoute | null>();

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

  /**
   * The contract of a request, by method and URL (query string ignored). HEAD is answered by
   * the GET handler (Fastify adds it to every GET), so it gets the GET route's policy.
   */
  resolve(method: string, url: string): OwnedRoute | undefined {
    const key = `${method} ${pathOf(url)}`;
    let route = this.#resolved.get(key);
    if (route === undefined) {
      const found = this.#router.find((method === 'HEAD' ? 'GET' : method) as HTTPMethod, pathOf(url));
      route = (found?.store as OwnedRoute | undefined) ?? null;
      // Paths with ids are many: the memory stays bounded, the common ones come back at once.
      if (this.#resolved.size >= 10_000) this.#resolved.clear();
      this.#resolved.set(key, route);
    }
    return route ?? undefined;
  }

  /** The methods declared for a URL's path (HEAD with GET); empty for an unknown path. */
  allowed(url: string): string[] {
    const path = pathOf(url);
    const methods = [...new Set(this.#all.map((r) => r.method))].filter((m) => this.#router.find(m, path));
    return methods.includes('GET') ? [...methods, 'HEAD'] : methods;
  }

  all(): OwnedRoute[] {
    return [...this.#all];
  }
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}
