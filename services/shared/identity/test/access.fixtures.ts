import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import type { Db } from '@coordina/platform';
import { startTestApp, type TestApp } from '@coordina/platform/testing';
import { identityService } from '../src';
import { emailedCode, type MailView, mailViewOf } from './outbox.reader';

export const PASSWORD = 'right password';

/** A complete MusicFest profile. */
export function musicfestProfile(email = `m-${randomUUID().slice(0, 8)}@example.test`) {
  return {
    email,
    password: PASSWORD,
    name: 'Mara',
    phone: '+51 987 654 321',
    country: 'pe',
    birthDate: '1990-04-02',
    locale: 'en',
    system: 'musicfest',
  } as const;
}

/**
 * Starts identity alone for the enclosing `describe` (its before/after hooks) and gives its
 * test app and fixtures, to be read inside the tests.
 */
export function useIdentityApp(): { readonly app: TestApp; readonly fx: AccessFixtures } {
  let started: { app: TestApp; fx: AccessFixtures } | undefined;
  before(async () => {
    const app = await startTestApp({ services: [identityService] });
    started = { app, fx: new AccessFixtures(app) };
  });
  after(() => started?.app.close());
  const get = () => {
    if (!started) throw new Error('useIdentityApp: read app and fx inside a test, after the before hook');
    return started;
  };
  return {
    get app() {
      return get().app;
    },
    get fx() {
      return get().fx;
    },
  };
}

/** Helpers over one test app: accounts and their emailed codes, read from identity's outbox. */
export class AccessFixtures {
  constructor(private readonly app: TestApp) {}

  get db(): Db {
    return this.mail.db;
  }

  /** The outbox and the key to open the secrets sealed for mailboxes. */
  get mail(): MailView {
    const ctx = this.app.contexts.get('identity');
    assert.ok(ctx);
    return mailViewOf(ctx);
  }

  async register(body: Record<string, unknown>): Promise<{ email: string; userId: string }> {
    const res = await this.app.fetch('/api/identity/register', { json: body });
    assert.equal(res.status, 201, res.text);
    return { email: String(body.email), userId: res.body.id };
  }

  /** A registered and verified MusicFest account. */
  async musicfestAccount(): Promise<{ email: string; userId: string }> {
    const account = await this.register(musicfestProfile());
    const code = await emailedCode(this.mail, account.userId, 'verify_email');
    const res = await this.app.fetch('/api/identity/verify-email', { json: { email: account.email, code } });
    assert.equal(res.status, 204, res.text);
    return account;
  }

  /** An InStudio account (no verification, no 2FA). */
  instudioAccount(): Promise<{ email: string; userId: string }> {
    return this.register({ email: `i-${randomUUID().slice(0, 8)}@example.test`, password: PASSWORD, name: 'Ines' });
  }

  login(email: string, password = PASSWORD, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    return this.app.fetch('/api/identity/login', { json: { email, password, ...extra }, headers });
  }

  /** Password, then the emailed 2FA code; returns the final response. */
  async loginWith2fa(
    account: { email: string; userId: string },
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    const first = await this.login(account.email, PASSWORD, {}, headers);
    assert.equal(first.status, 200, first.text);
    assert.equal(first.body.twoFactorRequired, true);
    const code = await emailedCode(this.mail, account.userId, 'login_2fa');
    return this.app.fetch('/api/identity/login/2fa', {
      json: { challengeId: first.body.challengeId, code, ...extra },
      headers,
    });
  }
}

/** A six-digit code different from `code`. */
export function wrongCode(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, '0');
}
