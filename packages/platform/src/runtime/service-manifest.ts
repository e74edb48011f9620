import type { DynamicModule } from '@nestjs/common';
import type { AccessRequirement } from '../auth/system-access';
import type { EventContract } from '../contracts/event-contract';
import type { ServiceRoutes } from '../contracts/route-contract';
import type { Migration } from '../db/migrator';
import type { ErrorTable } from '../errors/error-codes';
import type { SocketEndpoint } from '../realtime/socket-endpoint';
import { SERVICE_CONTEXT, type ServiceContext } from './service-context';
import type { SettingsSource } from './service-settings';

/**
 * What the runtime needs to boot a service: its name (and database), HTTP and event
 * contracts, migrations, its NestJS module, and optional demo data. Consumers and sagas
 * are registered by the module's providers in `onModuleInit` through the context.
 */
export interface ServiceManifest {
  readonly name: string;
  readonly routes: ServiceRoutes;
  readonly events: readonly EventContract[];
  readonly migrations: readonly Migration[];
  readonly module: (ctx: ServiceContext) => DynamicModule;
  /** The service's error codes (defineErrorCodes), beside the platform's; decision 0035. */
  readonly errorCodes?: ErrorTable;
  /** The roles its routes name besides the platform's `client` and `platform_admin` (defineRoles). */
  readonly roles?: readonly string[];
  /** The access policies its routes name (`policy`), by name, as identity's contracts define them. */
  readonly accessPolicies?: Readonly<Record<string, AccessRequirement>>;
  /** Its settings (Settings(zod schema of env vars)); parsed at boot into `ctx.settings`. */
  readonly settings?: SettingsSource;
  /** WebSocket endpoints every gateway serves for it (decision 0082). */
  readonly sockets?: readonly SocketEndpoint[];
  /** Idempotent demo data for the embedded default. */
  readonly seed?: (ctx: ServiceContext) => Promise<void>;
}

export type { Migration };

/** A Nest dynamic module that provides the service context to the service's providers. */
export function serviceModule(
  moduleClass: DynamicModule['module'],
  ctx: ServiceContext,
  parts: Omit<DynamicModule, 'module' | 'global'>,
): DynamicModule {
  return {
    module: moduleClass,
    ...parts,
    providers: [{ provide: SERVICE_CONTEXT, useValue: ctx }, ...(parts.providers ?? [])],
  };
}
