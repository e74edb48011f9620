import { type ServiceManifest, serviceModule } from '@coordina/platform';
import {
  AccesoSospechosoDetectado,
  CodigoAccesoEmitido,
  CuentaBloqueada,
  RegistroIntentado,
  RestablecimientoClaveSolicitado,
} from './contracts/access.events';
import { UserRegistered } from './contracts/events';
import { IdentityErrors } from './contracts/identity.errors';
import { identityRoutes } from './contracts/identity.routes';
import { MailSecrets } from './contracts/mail-secrets';
import { seedDemoUsers } from './db/demo-users.seed';
import { migrations } from './db/migrations';
import { PasswordHasher } from './domain/password.hasher';
import { SecretCodec } from './domain/secret.codec';
import { AccessController } from './http/access.controller';
import { AccessCodeIssuer } from './http/access-code.issuer';
import { AccountsService } from './http/accounts.service';
import { DevicesController } from './http/devices.controller';
import { IdentityController } from './http/identity.controller';
import { LoginService } from './http/login.service';
import { PasswordResetService } from './http/password-reset.service';
import { SessionsService } from './http/sessions.service';
import { SignInRecorder } from './http/sign-in.recorder';
import { TokenIssuer } from './http/token.issuer';
import { VerificationService } from './http/verification.service';
import { IdentityModule } from './identity.module';

export const identityService: ServiceManifest = {
  name: 'identity',
  routes: identityRoutes,
  events: [
    UserRegistered,
    CodigoAccesoEmitido,
    RestablecimientoClaveSolicitado,
    AccesoSospechosoDetectado,
    CuentaBloqueada,
    RegistroIntentado,
  ],
  migrations,
  errorCodes: IdentityErrors,
  module: (ctx) =>
    serviceModule(IdentityModule, ctx, {
      controllers: [IdentityController, AccessController, DevicesController],
      providers: [
        AccountsService,
        LoginService,
        SessionsService,
        VerificationService,
        PasswordResetService,
        AccessCodeIssuer,
        SignInRecorder,
        TokenIssuer,
        { provide: PasswordHasher, useFactory: () => new PasswordHasher() },
        { provide: SecretCodec, useFactory: () => new SecretCodec(ctx.config.jwtSecret) },
        { provide: MailSecrets, useFactory: () => MailSecrets.fromJwtSecret(ctx.config.jwtSecret) },
      ],
    }),
  seed: seedDemoUsers,
};

export { IdentityModule };
