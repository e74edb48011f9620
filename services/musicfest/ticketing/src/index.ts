import { SystemAccess } from '@coordina/identity/contracts';
import { PagoSolicitado, ReembolsoSolicitado } from '@coordina/payments/contracts';
import { defineRoles, type ServiceManifest, serviceModule } from '@coordina/platform';
import {
  AnulacionSolicitada,
  CestaResumida,
  CompraCancelada,
  CompraCompletada,
  CompraCreada,
  CompraPromovida,
  DisponibilidadActualizada,
  EmisionFallida,
  EmisionSolicitada,
  EntradasAgotadas,
  EntradasEmitidas,
  TitularAvisado,
} from './contracts/events';
import { TicketingErrors } from './contracts/ticketing.errors';
import { ticketingRoutes } from './contracts/ticketing.routes';
import { migrations } from './db/migrations';
import { AvailabilityPublisher } from './events/availability.publisher';
import { InventoryConsumer } from './events/inventory.consumer';
import { IssuerConsumer } from './events/issuer.consumer';
import { PurchaseSagaRegistrar } from './events/purchase-saga.registrar';
import { RefundsConsumer } from './events/refunds.consumer';
import { SeatLedger } from './events/seat.ledger';
import { CancellationsService } from './http/cancellations.service';
import { DashboardController } from './http/dashboard.controller';
import { DashboardService } from './http/dashboard.service';
import { FaultsController } from './http/faults.controller';
import { PurchaseIntakeService } from './http/purchase-intake.service';
import { PurchaseStreamController } from './http/purchase-stream.controller';
import { PurchaseViewsService } from './http/purchase-views.service';
import { PurchasesController } from './http/purchases.controller';
import { PurchasesService } from './http/purchases.service';
import { TicketsController } from './http/tickets.controller';
import { TicketingModule } from './ticketing.module';
import { TicketingSettings } from './ticketing.settings';

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
    EmisionSolicitada,
    EntradasEmitidas,
    EmisionFallida,
    AnulacionSolicitada,
    PagoSolicitado,
    ReembolsoSolicitado,
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
        SeatLedger,
        PurchaseViewsService,
        PurchaseIntakeService,
        PurchasesService,
        CancellationsService,
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
