import { type ServiceManifest, serviceModule } from '@coordina/platform';
import { PagoAutorizado, PagoFallido, PagoParcialmenteReembolsado, PagoReembolsado } from './contracts/events';
import { PaymentsErrors } from './contracts/payments.errors';
import { paymentsRoutes } from './contracts/payments.routes';
import { migrations } from './db/migrations';
import { PaymentLogRepository } from './db/payment-log.repository';
import { PaymentRefundsRepository } from './db/payment-refunds.repository';
import { PaymentsRepository } from './db/payments.repository';
import { WebhookEventsRepository } from './db/webhook-events.repository';
import { ChargeAttempts } from './events/charge-attempts.service';
import { PaymentTransitions } from './events/payment.transitions';
import { PaymentCommandsConsumer } from './events/payment-commands.consumer';
import { PaymentCommands } from './events/payment-commands.service';
import { PaymentRefundsService } from './http/payment-refunds.service';
import { PaymentsController } from './http/payments.controller';
import { PaymentsQuery } from './http/payments.query';
import { ProviderEventsService } from './http/provider-events.service';
import { ReceiptsService } from './http/receipts.service';
import { WebhookVerifier } from './http/webhook.verifier';
import { PaymentsModule } from './payments.module';
import { PaymentsSettings } from './payments.settings';
import { createPaymentProviders } from './providers/payment-provider.factory';
import { PAYMENT_PROVIDERS } from './providers/payment-providers.registry';
import { SandboxWebhookWorker } from './providers/sandbox/sandbox-webhook.worker';

const plain = <T>(cls: new () => T) => ({ provide: cls, useFactory: () => new cls() });

export const paymentsService: ServiceManifest = {
  name: 'payments',
  routes: paymentsRoutes,
  events: [PagoAutorizado, PagoFallido, PagoReembolsado, PagoParcialmenteReembolsado],
  migrations,
  errorCodes: PaymentsErrors,
  settings: PaymentsSettings,
  module: (ctx) =>
    serviceModule(PaymentsModule, ctx, {
      controllers: [PaymentsController],
      providers: [
        { provide: PaymentsSettings, useValue: ctx.settings },
        plain(PaymentsRepository),
        plain(PaymentLogRepository),
        plain(PaymentRefundsRepository),
        plain(WebhookEventsRepository),
        SandboxWebhookWorker,
        { provide: PAYMENT_PROVIDERS, useFactory: () => createPaymentProviders(ctx, ctx.settings as PaymentsSettings) },
        PaymentTransitions,
        ChargeAttempts,
        PaymentCommands,
        PaymentCommandsConsumer,
        WebhookVerifier,
        ProviderEventsService,
        PaymentsQuery,
        PaymentRefundsService,
        ReceiptsService,
      ],
    }),
};

export { PaymentsModule };
