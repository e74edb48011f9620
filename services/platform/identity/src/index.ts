import { type ServiceManifest, serviceModule } from '@coordina/platform';
import { UserRegistered } from './contracts/events';
import { identityRoutes } from './contracts/identity.routes';
import { seedDemoUsers } from './db/demo-users.seed';
import { migrations } from './db/migrations';
import { PasswordHasher } from './domain/password.hasher';
import { AccountsService } from './http/accounts.service';
import { IdentityController } from './http/identity.controller';
import { SessionsService } from './http/sessions.service';
import { IdentityModule } from './identity.module';

export const identityService: ServiceManifest = {
  name: 'identity',
  routes: identityRoutes,
  events: [UserRegistered],
  migrations,
  module: (ctx) =>
    serviceModule(IdentityModule, ctx, {
      controllers: [IdentityController],
      providers: [
        AccountsService,
        SessionsService,
        { provide: PasswordHasher, useFactory: () => new PasswordHasher() },
      ],
    }),
  seed: seedDemoUsers,
};

export { IdentityModule };
