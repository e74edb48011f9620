import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DemoUsers } from '@coordina/identity/demo';
import { AccessTokens, type Role } from '@coordina/platform';
import type { ServiceRuntime as ServiceContext } from '@coordina/platform/runtime';
import { startTestApp, type TestApp } from '@coordina/platform/testing';
import { salonsService } from '../src';

type Who = 'platform' | 'demoAdmin' | 'otherAdmin' | 'client';

/** The salons service on a test app, with a token per role and helpers to build salons. */
export class SalonsFixture {
  readonly otherAdminId = randomUUID();
  readonly tokens = {} as Record<Who, string>;

  private constructor(readonly app: TestApp) {}

  static async start(): Promise<SalonsFixture> {
    const f = new SalonsFixture(await startTestApp({ services: [salonsService], config: { seedDemo: true } }));
    f.tokens.platform = await f.sign(randomUUID(), ['platform_admin']);
    f.tokens.demoAdmin = await f.sign(DemoUsers.salonAdmin.id, ['salon_admin']);
    f.tokens.otherAdmin = await f.sign(f.otherAdminId, ['salon_admin']);
    f.tokens.client = await f.sign(randomUUID(), ['client']);
    return f;
  }

  get ctx(): ServiceContext {
    const ctx = this.app.contexts.get('instudio-salons');
    assert.ok(ctx);
    return ctx;
  }

  sign(id: string, roles: Role[]): Promise<string> {
    return new AccessTokens(this.app.config.jwtSecret, 3600).sign({ id, email: `${id}@example.test`, roles });
  }

  async salon(
    fields: { name?: string; district?: string; description?: string; adminUserId?: string } = {},
  ): Promise<{ id: string; name: string }> {
    const r = await this.app.fetch('/api/instudio/salons', {
      token: this.tokens.platform,
      json: {
        name: fields.name ?? `Salón ${randomUUID().slice(0, 6)}`,
        address: 'Av. Arequipa 100',
        district: fields.district ?? 'Lince',
        phone: '+51 1 000 0000',
        description: fields.description ?? '',
        adminUserId: fields.adminUserId ?? this.otherAdminId,
      },
    });
    assert.equal(r.status, 201, r.text);
    return r.body;
  }

  async service(
    salonId: string,
    s: { name: string; subcategory: string; priceCents: number; durationMinutes?: number },
    token = this.tokens.otherAdmin,
  ): Promise<{ id: string }> {
    const r = await this.app.fetch(`/api/instudio/salons/${salonId}/services`, {
      token,
      json: { durationMinutes: 60, ...s },
    });
    assert.equal(r.status, 201, r.text);
    return r.body;
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
