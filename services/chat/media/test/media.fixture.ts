import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { messagingService } from '@coordina/chat-messaging';
import { sql } from '@coordina/platform';
import type { ServiceRuntime } from '@coordina/platform/runtime';
import { eventually, startTestApp, type TestApp, type TestResponse, testUser } from '@coordina/platform/testing';
import { mediaService } from '../src';

export interface ChatUser {
  id: string;
  token: string;
}

/** Chat messaging and media on a test app, the files in a temporary directory. */
export class MediaFixture {
  private constructor(
    readonly app: TestApp,
    readonly dir: string,
  ) {}

  static async start(env: NodeJS.ProcessEnv = {}): Promise<MediaFixture> {
    const dir = mkdtempSync(join(tmpdir(), 'chat-media-'));
    const app = await startTestApp({
      services: [messagingService, mediaService],
      env: { CHAT_MEDIA_DIR: dir, ...env },
    });
    return new MediaFixture(app, dir);
  }

  get ctx(): ServiceRuntime {
    const ctx = this.app.contexts.get('chat-media');
    assert.ok(ctx);
    return ctx;
  }

  user(roles: 'client' | 'platform_admin' = 'client'): Promise<ChatUser> {
    return testUser(this.app, [roles]);
  }

  /** A multipart upload with one part, as a browser's form sends it. */
  async upload(
    by: ChatUser,
    bytes: Buffer | string,
    name: string,
    type: string,
    field = 'file',
  ): Promise<TestResponse> {
    const form = new FormData();
    form.append(field, new Blob([bytes], { type }), name);
    const res = await fetch(`${this.app.url}/api/chat/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${by.token}` },
      body: form,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : undefined };
  }

  /** Uploads and asserts the 202; the media's id. */
  async uploaded(by: ChatUser, bytes: Buffer, name: string, type: string): Promise<string> {
    const r = await this.upload(by, bytes, name, type);
    assert.equal(r.status, 202, r.text);
    assert.equal(r.body.status, 'pending');
    return r.body.id;
  }

  get(by: ChatUser, path: string): Promise<TestResponse> {
    return this.app.fetch(path, { token: by.token });
  }

  /** The media once it is ready or failed. */
  async settled(by: ChatUser, id: string): Promise<TestResponse> {
    return eventually(async () => {
      const r = await this.get(by, `/api/chat/media/${id}`);
      return r.body?.status === 'ready' || r.body?.status === 'failed' ? r : undefined;
    }, 60_000);
  }

  async download(by: ChatUser, url: string): Promise<{ type: string | null; data: Buffer }> {
    const res = await fetch(`${this.app.url}${url}`, { headers: { authorization: `Bearer ${by.token}` } });
    assert.equal(res.status, 200, url);
    return { type: res.headers.get('content-type'), data: Buffer.from(await res.arrayBuffer()) };
  }

  /** A conversation of `by` with `members` and a message carrying the media in it. */
  async share(by: ChatUser, members: ChatUser[], mediaId: string): Promise<string> {
    const c = await this.app.fetch('/api/chat/conversations', {
      token: by.token,
      json: { memberIds: members.map((m) => m.id) },
    });
    assert.equal(c.status, 201, c.text);
    const m = await this.app.fetch(`/api/chat/conversations/${c.body.id}/messages`, {
      token: by.token,
      json: { clientId: randomUUID(), mediaId },
    });
    assert.equal(m.status, 201, m.text);
    return c.body.id;
  }

  /** The media.procesada events in the outbox for a media. */
  async announced(mediaId: string): Promise<Record<string, unknown>[]> {
    const r = await sql<{ payload: Record<string, unknown> }>`SELECT event->'data' AS payload FROM coordina_outbox
      WHERE topic = 'media.procesada' AND key = ${mediaId}`.execute(this.ctx.db.db);
    return r.rows.map((x) => x.payload);
  }

  async close(): Promise<void> {
    await this.app.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
