import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { paymentsService } from '@coordina/payments';
import { AccessTokens, sql } from '@coordina/platform';
import type { ServiceRuntime } from '@coordina/platform/runtime';
import { startTestApp, type TestApp, type TestResponse } from '@coordina/platform/testing';
import { messagingService } from '../src';

/** A chat user of the tests: an id and an access token for it. */
export interface ChatUser {
  id: string;
  token: string;
}

/** Chat messaging on a test app, with users made on demand and helpers for its routes. */
export class MessagingFixture {
  private constructor(readonly app: TestApp) {}

  static async start(): Promise<MessagingFixture> {
    return new MessagingFixture(await startTestApp({ services: [messagingService] }));
  }

  /** With payments, whose sandbox provider confirms charges by signed webhook after 20 ms. */
  static async withPayments(): Promise<MessagingFixture> {
    const app = await startTestApp({
      services: [messagingService, paymentsService],
      config: { sandboxWebhookDelayMs: 20 },
    });
    return new MessagingFixture(app);
  }

  get ctx(): ServiceRuntime {
    const ctx = this.app.contexts.get('chat-messaging');
    assert.ok(ctx);
    return ctx;
  }

  async user(): Promise<ChatUser> {
    const id = randomUUID();
    const token = await new AccessTokens(this.app.config.jwtSecret, 3600).sign({
      id,
      email: `${id}@example.test`,
      roles: ['client'],
    });
    return { id, token };
  }

  async users(n: number): Promise<ChatUser[]> {
    return Promise.all(Array.from({ length: n }, () => this.user()));
  }

  create(by: ChatUser, members: ChatUser[], title?: string): Promise<TestResponse> {
    return this.app.fetch('/api/chat/conversations', {
      token: by.token,
      json: { memberIds: members.map((m) => m.id), ...(title ? { title } : {}) },
    });
  }

  /** A new conversation's id (asserts the 201). */
  async conversation(by: ChatUser, members: ChatUser[], title?: string): Promise<string> {
    const r = await this.create(by, members, title);
    assert.equal(r.status, 201, r.text);
    return r.body.id;
  }

  send(by: ChatUser, conversationId: string, body: Record<string, unknown>): Promise<TestResponse> {
    return this.app.fetch(`/api/chat/conversations/${conversationId}/messages`, { token: by.token, json: body });
  }

  /** Sends a text with a fresh clientId; its `{id, seq}`. */
  async say(by: ChatUser, conversationId: string, text: string): Promise<{ id: string; seq: number }> {
    const r = await this.send(by, conversationId, { clientId: randomUUID(), text });
    assert.equal(r.status, 201, r.text);
    return r.body;
  }

  get(by: ChatUser, path: string): Promise<TestResponse> {
    return this.app.fetch(path, { token: by.token });
  }

  /** How many events of `topic` the service's outbox holds for this key. */
  async events(topic: string, key: string): Promise<number> {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM coordina_outbox
      WHERE topic = ${topic} AND key = ${key}`.execute(this.ctx.db.db);
    return r.rows[0]?.n ?? 0;
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
