import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import { UserRegistered } from '@coordina/identity/contracts';
import { type EventContract, type EventData, type ServiceManifest, sql } from '@coordina/platform';
import type { ServiceRuntime as ServiceContext } from '@coordina/platform/runtime';
import { eventually, startTestApp, type TestApp } from '@coordina/platform/testing';
import { notificationsService } from '../src';
import { SmtpSink } from './smtp.sink';

export interface NotificationsAppOptions {
  /** Services booted before notifications (identity, to register real users). */
  readonly alongside?: readonly ServiceManifest[];
  /** Send the emails to a real SMTP sink (`smtp`) instead of only recording them. */
  readonly smtp?: boolean;
}

/** The notifications service of one test suite: its app, its context, and what the tests do to it. */
export class NotificationsApp {
  readonly smtp = new SmtpSink();
  #app: TestApp | undefined;
  #ctx: ServiceContext | undefined;

  constructor(private readonly options: NotificationsAppOptions) {}

  get app(): TestApp {
    assert.ok(this.#app, 'the notifications app is not started');
    return this.#app;
  }

  get ctx(): ServiceContext {
    assert.ok(this.#ctx, 'the notifications app is not started');
    return this.#ctx;
  }

  async start(): Promise<void> {
    const services = [...(this.options.alongside ?? []), notificationsService];
    if (this.options.smtp) await this.smtp.start();
    this.#app = await startTestApp({ services, config: this.options.smtp ? { smtpUrl: this.smtp.url } : {} });
    this.#ctx = this.#app.contexts.get('notifications');
  }

  async close(): Promise<void> {
    await this.#app?.close();
    if (this.options.smtp) await this.smtp.close();
  }

  /** Publishes an event on the shared log, as the producing service would; returns its id. */
  async publish<C extends EventContract>(contract: C, data: EventData<C>): Promise<string> {
    const ctx = this.ctx;
    return (await ctx.db.transaction((tx) => ctx.bus.publish(tx, contract, data))).id;
  }

  /** A user notifications knows (their `user.registered` replayed here), once their welcome email is recorded. */
  async knownUser(locale: 'es' | 'en', roles: string[]): Promise<{ userId: string; email: string }> {
    const u = { userId: randomUUID(), email: `u-${randomUUID().slice(0, 8)}@example.test`, name: 'Ana' };
    await this.publish(UserRegistered, { ...u, roles, registeredAt: new Date().toISOString(), locale });
    await this.recordedEmails(u.email, 1);
    return u;
  }

  /** The emails recorded for `to`, oldest first, once there are `n`. */
  recordedEmails(to: string, n: number): Promise<{ subject: string; body: string; priority: number }[]> {
    return eventually(async () => {
      const r = await sql<{ subject: string; body: string; priority: number }>`SELECT subject, body, priority
        FROM emails WHERE to_address = ${to} AND status = 'RECORDED' ORDER BY created_at`.execute(this.ctx.db.db);
      return r.rows.length >= n ? r.rows : undefined;
    });
  }

  /** Registers and signs in a user through identity (boot it `alongside`). */
  async signUp(name: string): Promise<{ id: string; email: string; token: string }> {
    const email = `n-${randomUUID().slice(0, 8)}@example.test`;
    const reg = await this.app.fetch('/api/identity/register', { json: { email, password: 'passphrase 1', name } });
    assert.equal(reg.status, 201, reg.text);
    const login = await this.app.fetch('/api/identity/login', { json: { email, password: 'passphrase 1' } });
    return { id: reg.body.id, email, token: login.body.accessToken };
  }
}

/** Starts a notifications app before the suite's tests and closes it after them. */
export function useNotificationsApp(options: NotificationsAppOptions = {}): NotificationsApp {
  const n = new NotificationsApp(options);
  before(() => n.start());
  after(() => n.close());
  return n;
}

/** The facts of an InStudio booking of `userId`, one hour from `start`, as booking publishes them. */
export function bookingFacts(userId: string, start = new Date('2030-03-04T15:00:00.000Z')) {
  return {
    bookingId: randomUUID(),
    userId,
    salonId: randomUUID(),
    serviceId: randomUUID(),
    stylistId: randomUUID(),
    start: start.toISOString(),
    end: new Date(start.getTime() + 3_600_000).toISOString(),
  };
}
