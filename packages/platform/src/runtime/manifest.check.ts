import { PlatformRoles } from '../auth/roles';
import { errorCatalog } from '../errors/error-catalog';
import type { ServiceManifest } from './service-manifest';

/**
 * What the boot checks of the manifests it runs, before anything starts: their error codes
 * agree (errorCatalog), and every role a route names is the platform's or registered by the
 * route's own manifest (`roles`), so a mistyped role fails the start instead of locking a
 * route for everyone.
 */
export function checkManifests(services: readonly ServiceManifest[]): void {
  errorCatalog(services);
  for (const s of services) {
    const known = new Set<string>([...PlatformRoles, ...(s.roles ?? [])]);
    for (const r of s.routes.routes) {
      if (typeof r.auth === 'string') continue;
      const unknown = r.auth.filter((role) => !known.has(role));
      if (unknown.length > 0) {
        throw new Error(`${s.name}: ${r.method} ${r.path} names roles no manifest registers: ${unknown.join(', ')}`);
      }
    }
  }
}
