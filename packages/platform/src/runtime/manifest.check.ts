import { PlatformRoles } from '../auth/roles';
import type { AccessPolicyName, AccessRequirement } from '../auth/system-access';
import { errorCatalog } from '../errors/error-catalog';
import type { ServiceManifest } from './service-manifest';

/**
 * What the boot checks of the manifests it runs, before anything starts: their error codes
 * agree (errorCatalog), and every role a route names is the platform's or registered by the
 * route's own manifest (`roles`), so a mistyped role fails the start instead of locking a
 * route for everyone; every access policy a route names is registered by its manifest
 * (`accessPolicies`), and the manifests agree on each policy.
 */
export function checkManifests(services: readonly ServiceManifest[]): void {
  errorCatalog(services);
  accessPolicies(services);
  for (const s of services) {
    const known = new Set<string>([...PlatformRoles, ...(s.roles ?? [])]);
    for (const r of s.routes.routes) {
      if (r.policy && !s.accessPolicies?.[r.policy]) {
        throw new Error(
          `${s.name}: ${r.method} ${r.path} names access policy ${r.policy}, which its manifest does not register`,
        );
      }
      if (typeof r.auth === 'string') continue;
      const unknown = r.auth.filter((role) => !known.has(role));
      if (unknown.length > 0) {
        throw new Error(`${s.name}: ${r.method} ${r.path} names roles no manifest registers: ${unknown.join(', ')}`);
      }
    }
  }
}

/** The access policies the manifests register, by name; two manifests registering one name must agree. */
export function accessPolicies(
  services: readonly ServiceManifest[],
): Readonly<Record<AccessPolicyName, AccessRequirement>> {
  const all: Record<AccessPolicyName, AccessRequirement> = {};
  for (const s of services) {
    for (const [name, need] of Object.entries(s.accessPolicies ?? {})) {
      const known = all[name];
      if (known && (known.emailVerified !== need.emailVerified || known.secondFactor !== need.secondFactor)) {
        throw new Error(`${s.name}: access policy ${name} differs from another manifest's`);
      }
      all[name] = need;
    }
  }
  return all;
}
