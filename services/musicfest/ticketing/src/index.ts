import { SystemAccess } from '@coordina/identity/contracts';
import { PagoSolicitar, ReembolsoSolicitar } from '@coordina/payments/contracts';
import { defineRoles, type ServiceManifest, serviceModule } from '@coordina/platform';
import {
  CestaResumida,
  CompraCancelada,
  CompraCompletada,
  CompraCreada,
  CompraPromovida,
  DisponibilidadActualizada,
  EmisionFallida,
  EntradasAgotadas,
  EntradasAnular,
  EntradasEmitidas,
  EntradasEmitir,
  TitularAvisado,
} from './contracts/events';
import { TicketingErrors } from './contracts/ticketing.errors';
import { ticketingRoutes } from './contracts/ticketing.routes';
import { migrations } from './db/migrations';
import { AvailabilityPublisher } from './events/availability.publisher';
import { InventoryConsumer } from './events/inventory.consumer';
import { IssuerConsumer } from './events/issuer.consumer';
import { PurchaseSagaRegistrar } from './events/purchase-saga.registrar';
import { PurchaseSagaStarter } from './events/purchase-saga.starter';
import { RefundsConsumer } from './events/refunds.consumer';
import { SeatLedger } from './events/seat.ledger';
import { DashboardController } from './http/dashboard.controller';
import { DashboardService } from './http/dashboard.service';
import { FaultsController } from './http/faults.controller';
import { PurchaseStreamController } from './http/purchase-stream.controller';
import { PurchaseViewsService } from './http/purchase-views.service';
import { PurchasesController } from './http/purchases.controller';
import { TicketsController } from './http/tickets.controller';
import { TicketingModule } from './ticketing.module';
import { TicketingSettings } from './ticketing.settings';
import { AcceptPurchase } from './use-cases/accept-purchase.use-case';
import { EndPurchase } from './use-cases/end-purchase.use-case';
import { PromoteWaitlist } from './use-cases/promote-waitlist.use-case';
import { SummarizeBasket } from './use-cases/summarize-basket.use-case';

export const ticketingService: ServiceManifest = {
  name: 'musicfest-ticketing',
  routes: ticketingRoutes,
  events: [
    CestaResumida,
    CompraCreada,
    CompraPromovida,
    CompraCompletada,
    CompraCancelada,
    TitularAvisado,
    DisponibilidadActualizada,
    EntradasAgotadas,
    // Saga commands and the issuer's replies (the issuer runs inside this service).
    EntradasEmitir,
    EntradasEmitidas,
    EmisionFallida,
    EntradasAnular,
    PagoSolicitar,
    ReembolsoSolicitar,
  ],
  migrations,
  errorCodes: TicketingErrors,
  roles: defineRoles('manager'),
  accessPolicies: { musicfest: SystemAccess.musicfest },
  settings: TicketingSettings,
  module: (ctx) =>
    serviceModule(TicketingModule, ctx, {
      controllers: [
        PurchasesController,
        PurchaseStreamController,
        TicketsController,
        DashboardController,
        FaultsController,
      ],
      providers: [
        { provide: TicketingSettings, useValue: ctx.settings },
        PurchaseViewsService,
        PurchaseSagaStarter,
        SummarizeBasket,
        AcceptPurchase,
        PromoteWaitlist,
        EndPurchase,
        SeatLedger,
        DashboardService,
        PurchaseSagaRegistrar,
        InventoryConsumer,
        AvailabilityPublisher,
        IssuerConsumer,
        RefundsConsumer,
      ],
    }),
};

export { TicketingModule };
