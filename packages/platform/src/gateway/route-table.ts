import type { RouteContract, ServiceRoutes } from '../contracts/route-contract';

/** Contract routes by `METHOD /path/:param`, as Fastify names a matched route. */
export class RouteTable {
  readonly #routes = new Map<string, RouteContract & { service: string }>();

  constructor(services: readonly ServiceRoutes[]) {
    for (const s of services) {
      for (const r of s.routes) {
        const id = `${r.method} ${r.path}`;
        if (this.#routes.has(id)) throw new Error(`route ${id} declared twice`);
        this.#routes.set(id, { ...r, service: s.service });
      }
    }
  }

  find(method: string, pattern: string | undefined): (RouteContract & { service: string }) | undefined {
    return pattern ? this.#routes.get(`${method} ${pattern}`) : undefined;
  }

  all(): (RouteContract & { service: string })[] {
    return [...this.#routes.values()];
  }
}
