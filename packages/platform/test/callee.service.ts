import { setTimeout as sleep } from 'node:timers/promises';
import { Body, Controller, Get, Headers, Inject, Module, Param, Post } from '@nestjs/common';
import { sql } from 'kysely';
import { z } from 'zod';
import { defineRoutes } from '../src/contracts/route-contract';
import { AppError } from '../src/errors/app-error';
import { INTERNAL_CALLER_HEADER, internalCallerToken } from '../src/gateway/internal-caller';
import { zod } from '../src/http/zod.pipe';
import { currentContext } from '../src/observability/request-context';
import { SERVICE_CONTEXT, type ServiceContext } from '../src/runtime/service-context';
import { type ServiceManifest, serviceModule } from '../src/runtime/service-manifest';
import { gate } from '../src/testing/gate';

/** What the callee saw of a call: the ids it ran under and who it thinks called. */
export const Seen = z.object({
  id: z.string(),
  name: z.string().optional(),
  requestId: z.string(),
  traceparent: z.string(),
  sentTraceparent: z.string(),
  internal: z.boolean(),
  caller: z.string(),
});
const NameBody = z.object({ name: z.string().min(1) });
const Params = z.object({ id: z.string().min(1) });

export const calleeRoutes = defineRoutes('callee', [
  { method: 'GET', path: '/api/callee/things/:id', auth: 'public', summary: 'A thing', params: Params, response: Seen },
  {
    method: 'POST',
    path: '/api/callee/things',
    auth: 'public',
    summary: 'Make',
    body: NameBody,
    response: Seen,
    status: 201,
  },
  { method: 'GET', path: '/api/callee/broken', auth: 'public', summary: 'Breaks its contract', response: Seen },
  { method: 'GET', path: '/api/callee/boom', auth: 'public', summary: 'A bug (500)', response: Seen },
  { method: 'GET', path: '/api/callee/slow', auth: 'public', summary: 'Answers late' },
  { method: 'GET', path: '/api/callee/admin', auth: ['platform_admin'], summary: 'Needs a role' },
  { method: 'GET', path: '/api/callee/held', auth: 'public', summary: 'Reads its database once released' },
]);

/** The held route's gate: `started` resolves when a call is in its handler, which then reads once `release` is called. */
export const heldCalls = { started: gate(), released: gate() };

@Controller('api/callee')
class CalleeController {
  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  @Get('things/:id')
  thing(@Param(zod(Params)) p: { id: string }, @Headers() headers: Record<string, string>) {
    if (p.id === 'missing') throw new AppError('NOT_FOUND', 'no such thing');
    if (p.id === 'taken') throw new AppError('CONFLICT', 'that thing is taken');
    return this.#seen(p.id, headers);
  }

  @Post('things')
  make(@Body(zod(NameBody)) body: { name: string }, @Headers() headers: Record<string, string>) {
    return { ...this.#seen('new', headers), name: body.name };
  }

  @Get('broken')
  broken() {
    return { id: 5 };
  }

  @Get('boom')
  boom() {
    throw new Error('a bug');
  }

  @Get('slow')
  async slow() {
    await sleep(1500);
    return { late: true };
  }

  @Get('admin')
  admin() {
    return { ok: true };
  }

  @Get('held')
  async held() {
    heldCalls.started.resolve();
    await heldCalls.released.promise;
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(this.ctx.db.db);
    return { read: rows[0]?.one === 1 };
  }

  #seen(id: string, headers: Record<string, string>) {
    const ctx = currentContext();
    return {
      id,
      requestId: ctx?.requestId ?? '',
      traceparent: ctx?.traceparent ?? '',
      sentTraceparent: headers.traceparent ?? '',
      internal: headers[INTERNAL_CALLER_HEADER] === internalCallerToken(this.ctx.config.jwtSecret),
      caller: headers['x-coordina-caller'] ?? '',
    };
  }
}

@Module({})
class CalleeModule {}

/** A service other services call in the service client's tests. */
export const calleeService: ServiceManifest = {
  name: 'callee',
  routes: calleeRoutes,
  events: [],
  migrations: [],
  module: (ctx) => serviceModule(CalleeModule, ctx, { controllers: [CalleeController] }),
};

@Module({})
class CallerModule {}

/** A service with no routes of its own that calls the callee. */
export const callerService: ServiceManifest = {
  name: 'caller',
  routes: defineRoutes('caller', []),
  events: [],
  migrations: [],
  module: (ctx) => serviceModule(CallerModule, ctx, {}),
};
