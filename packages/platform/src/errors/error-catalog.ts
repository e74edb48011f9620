import { ErrorCodes, type ErrorDefinition, type ErrorTable } from './error-codes';

/** Who registers error codes: a service manifest's name and table. */
export interface ErrorOwner {
  readonly name: string;
  readonly errorCodes?: ErrorTable;
}

/** One code of a deployment, with who registered it (`platform` for the platform's own). */
export interface CatalogEntry extends ErrorDefinition {
  readonly owners: readonly string[];
}

/**
 * Every error code a deployment answers with: the platform's table and each service's.
 * Two services may register the same code only with the same status and title (the wire
 * cannot tell them apart); a service never redefines a platform code. Throws on the first
 * disagreement, naming both owners.
 */
export function errorCatalog(services: readonly ErrorOwner[]): ReadonlyMap<string, CatalogEntry> {
  const catalog = new Map<string, CatalogEntry>();
  for (const def of Object.values(ErrorCodes)) catalog.set(def.code, { ...def, owners: ['platform'] });
  for (const service of services) {
    for (const [key, def] of Object.entries(service.errorCodes ?? {})) {
      if (key !== def.code) throw new Error(`${service.name}: error code ${key} is declared as ${def.code}`);
      const known = catalog.get(def.code);
      if (!known) {
        catalog.set(def.code, { ...def, owners: [service.name] });
        continue;
      }
      if (known.owners.includes('platform')) {
        throw new Error(`${service.name}: error code ${def.code} is the platform's; throw it by name`);
      }
      if (known.status !== def.status || known.title !== def.title) {
        throw new Error(
          `${service.name}: error code ${def.code} (${def.status} ${def.title}) differs from ${known.owners.join(', ')}'s (${known.status} ${known.title})`,
        );
      }
      catalog.set(def.code, { ...known, owners: [...known.owners, service.name] });
    }
  }
  return catalog;
}
