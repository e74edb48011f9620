import type { SalonDetail } from '@coordina/instudio-salons/contracts';
import {
  AppError,
  defineRoutes,
  type EventContract,
  type EventData,
  IdParams,
  type ServiceContext,
  type ServiceManifest,
  serviceModule,
  zod,
} from '@coordina/platform';
import { Controller, Get, Inject, Module, Param } from '@nestjs/common';

const SALONS = Symbol('stub-salons');

@Controller('api/instudio/salons')
class StubSalonsController {
  constructor(@Inject(SALONS) private readonly salons: Map<string, SalonDetail>) {}

  @Get(':id')
  get(@Param(zod(IdParams)) p: { id: string }): SalonDetail {
    const salon = this.salons.get(p.id);
    if (!salon) throw new AppError('NOT_FOUND', 'no such salon');
    return salon;
  }
}

@Module({})
class StubModule {}

/**
 * A booking-like test harness: a service named `instudio-stub` that publishes InStudio
 * events through the real outbox and bus, and serves `GET /api/instudio/salons/:id` from a map.
 */
export function instudioStub(salons: Map<string, SalonDetail>): ServiceManifest {
  return {
    name: 'instudio-stub',
    routes: defineRoutes('instudio-stub', [
      { method: 'GET', path: '/api/instudio/salons/:id', auth: 'public', summary: 'stub salon', params: IdParams },
    ]),
    events: [],
    migrations: [],
    module: (ctx) =>
      serviceModule(StubModule, ctx, {
        controllers: [StubSalonsController],
        providers: [{ provide: SALONS, useValue: salons }],
      }),
  };
}

/** Publishes events from the stub's context, each in its own transaction (as services do). */
export async function publish(ctx: ServiceContext, events: readonly StubEvent[]): Promise<void> {
  for (const e of events) await ctx.db.transaction((tx) => ctx.bus.publish(tx, e.contract, e.data));
}

export interface StubEvent<C extends EventContract = EventContract> {
  contract: C;
  data: EventData<C>;
}

export const ev = <C extends EventContract>(contract: C, data: EventData<C>): StubEvent => ({ contract, data });
