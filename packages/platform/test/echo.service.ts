import { Body, Controller, Get, HttpCode, Inject, Module, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { defineEvent } from '../src/contracts/event-contract';
import { defineRoutes } from '../src/contracts/route-contract';
import { AppError } from '../src/errors/app-error';
import { type AuthUser, CurrentUser } from '../src/http/current-user.decorator';
import { zod } from '../src/http/zod.pipe';
import { SERVICE_CONTEXT, type ServiceContext } from '../src/runtime/service-context';
import { type ServiceManifest, serviceModule } from '../src/runtime/service-manifest';

/** A tiny service used by the platform's own tests: a counter, roles, and an event. */
export const EchoBody = z.object({ text: z.string().min(1).max(20), times: z.number().int().min(1).max(5) });
export const EchoCounted = defineEvent({
  topic: 'echo.counted',
  version: 1,
  key: (d) => d.id,
  schema: z.object({ id: z.string(), count: z.number().int() }),
});

export const echoRoutes = defineRoutes('echo', [
  { method: 'POST', path: '/api/echo/echo', auth: 'authenticated', summary: 'Echo', body: EchoBody },
  { method: 'GET', path: '/api/echo/public', auth: 'public', summary: 'Public' },
  { method: 'GET', path: '/api/echo/admin', auth: ['platform_admin'], summary: 'Admin only' },
  {
    method: 'GET',
    path: '/api/echo/festival',
    auth: 'authenticated',
    policy: 'strict',
    summary: "Signed in under the 'strict' access policy (verified email, second factor)",
  },
  { method: 'GET', path: '/api/echo/boom', auth: 'public', summary: 'Throws a bug' },
  { method: 'GET', path: '/api/echo/items/:id', auth: 'public', summary: 'Item', params: z.object({ id: z.uuid() }) },
  { method: 'POST', path: '/api/echo/limited', auth: 'public', summary: 'Rate limited', rateLimit: { perMinute: 3 } },
]);

@Controller('api/echo')
class EchoController {
  #count = 0;
  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  @Post('echo')
  async echo(@Body(zod(EchoBody)) body: z.infer<typeof EchoBody>, @CurrentUser() user: AuthUser) {
    this.#count++;
    await this.ctx.db.transaction((tx) => this.ctx.bus.publish(tx, EchoCounted, { id: user.id, count: this.#count }));
    return { text: body.text.repeat(body.times), count: this.#count, user: user.email };
  }

  @Get('public')
  pub() {
    return { ok: true };
  }

  @Get('admin')
  admin() {
    return { admin: true };
  }

  @Get('festival')
  festival() {
    return { festival: true };
  }

  @Get('boom')
  boom() {
    throw new Error('a bug');
  }

  @Get('items/:id')
  item(@Param(zod(z.object({ id: z.uuid() }))) p: { id: string }) {
    throw new AppError('NOT_FOUND', `no item ${p.id}`);
  }

  @Post('limited')
  @HttpCode(200)
  limited() {
    return { ok: true };
  }
}

@Module({})
class EchoModule {}

export const echoService: ServiceManifest = {
  name: 'echo',
  routes: echoRoutes,
  events: [EchoCounted],
  migrations: [],
  accessPolicies: { strict: { emailVerified: true, secondFactor: true } },
  module: (ctx) => serviceModule(EchoModule, ctx, { controllers: [EchoController] }),
};
