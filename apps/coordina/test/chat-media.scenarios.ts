import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DemoUsers } from '@coordina/identity/demo';
import { Database, sql } from '@coordina/platform';
import { assertProblem, eventually, sampleClip, samplePhoto, type TestResponse } from '@coordina/platform/testing';
import sharp from 'sharp';
import { type Product, type ProductOptions, userIdOf } from './harness';

type Start = (options: ProductOptions) => Promise<Product>;

/**
 * Chat media through the entry point (nginx and two gateways when distributed): uploads of each
 * kind are processed and announced (media.procesada), their files reach the conversation's
 * members and nobody else, a text named .jpg is refused, a corrupt file is parked in the dead
 * letters and processed once an operator retries it. Run on each topology, with the files in a
 * directory of the test's.
 */
export function chatMediaScenarios(name: string, start: Start): void {
  describe(`Chat media end to end (${name})`, () => {
    let p: Product;
    let dir: string;
    let ana: string;
    let beto: string;
    let admin: string;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'chat-media-e2e-'));
      p = await start({ env: { CHAT_MEDIA_DIR: dir, CHAT_MEDIA_ATTEMPTS: '1' } });
      const signIn = async (email: string) => {
        const login = await p.fetch('/api/identity/login', { json: { email, password: p.demoPassword } });
        assert.equal(login.status, 200, login.text);
        return login.body.accessToken as string;
      };
      ana = await signIn(DemoUsers.client.email);
      beto = await signIn(DemoUsers.buyer.email);
      admin = await p.mint(randomUUID(), ['platform_admin']);
    });
    after(async () => {
      await p?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const upload = async (bytes: Buffer | string, fileName: string, type: string): Promise<TestResponse> => {
      const form = new FormData();
      form.append('file', new Blob([bytes], { type }), fileName);
      const res = await fetch(`${p.url}/api/chat/media`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ana}` },
        body: form,
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, text, body: JSON.parse(text) };
    };
    const settled = (token: string, id: string, status = ['ready', 'failed']) =>
      eventually(async () => {
        const r = await p.fetch(`/api/chat/media/${id}`, { token });
        return status.includes(r.body?.status) ? r : undefined;
      }, 120_000);
    const download = async (token: string, url: string) => {
      const res = await fetch(`${p.url}${url}`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 200, url);
      return { type: res.headers.get('content-type'), data: Buffer.from(await res.arrayBuffer()) };
    };
    /** media.procesada as chat-media's outbox holds it (what messaging and realtime consume). */
    const announced = async (mediaId: string) => {
      const db = new Database(p.databaseUrl('chat-media'), { max: 1 });
      try {
        const r = await sql<{ memberIds: string[] }>`SELECT event->'data'->'memberIds' AS "memberIds"
          FROM coordina_outbox WHERE topic = 'media.procesada' AND key = ${mediaId}`.execute(db.db);
        return r.rows;
      } finally {
        await db.close();
      }
    };

    it('processes a photo, a video and a sound sent in a conversation; its members get the files, others do not', async () => {
      const uploads = {
        image: await upload(await samplePhoto(), 'playa.jpg', 'image/jpeg'),
        video: await upload(sampleClip('video'), 'clip.mkv', 'video/x-matroska'),
        audio: await upload(sampleClip('audio'), 'nota.wav', 'audio/wav'),
      };
      for (const r of Object.values(uploads)) assert.deepEqual([r.status, r.body.status], [202, 'pending'], r.text);
      const conversation = await p.fetch('/api/chat/conversations', {
        token: ana,
        json: { memberIds: [userIdOf(beto)] },
      });
      assert.equal(conversation.status, 201, conversation.text);
      for (const r of Object.values(uploads)) {
        const sent = await p.fetch(`/api/chat/conversations/${conversation.body.id}/messages`, {
          token: ana,
          json: { clientId: randomUUID(), mediaId: r.body.id },
        });
        assert.equal(sent.status, 201, sent.text);
      }

      const expected = { image: 'image/webp', video: 'video/mp4', audio: 'audio/ogg; codecs=opus' };
      for (const [kind, r] of Object.entries(uploads)) {
        const ready = await settled(beto, r.body.id, ['ready']);
        assert.equal(ready.body.kind, kind);
        const main = ready.body.variants.find((v: { name: string }) => v.name === kind);
        assert.ok(main, ready.text);
        const file = await download(beto, main.url);
        assert.equal(file.type, expected[kind as keyof typeof expected]);
        if (kind === 'image') assert.equal((await sharp(file.data).metadata()).exif, undefined, 'no EXIF left');
        const events = await eventually(async () => {
          const rows = await announced(r.body.id);
          return rows.length > 0 ? rows : undefined;
        });
        assert.equal(events.length, 1);
      }
      const stranger = await p.mint(randomUUID());
      assertProblem(await p.fetch(`/api/chat/media/${uploads.image.body.id}`, { token: stranger }), { status: 404 });
      assertProblem(await p.fetch(`/api/chat/media/${uploads.image.body.id}/variants/image`, { token: stranger }), {
        status: 404,
      });
      assertProblem(await p.fetch(`/api/chat/media/${uploads.image.body.id}`), { status: 401 });
    });

    it('refuses a text named .jpg naming the field, and parks a corrupt file until an operator retries it', async () => {
      assertProblem(await upload('solo texto, no una foto\n'.repeat(20), 'foto.jpg', 'image/jpeg'), {
        status: 415,
        field: 'body.file',
      });
      const corrupt = Buffer.concat([Buffer.from('RIFF\0\0\0\0AVI LIST', 'latin1'), randomBytes(3000)]);
      const accepted = await upload(corrupt, 'roto.avi', 'video/x-msvideo');
      assert.equal(accepted.status, 202, accepted.text);
      const id = accepted.body.id as string;
      const parked = await settled(ana, id);
      assert.equal(parked.body.status, 'failed');
      assert.match(parked.body.reason, /ffmpeg failed/);

      const dead = await eventually(async () => {
        const list = await p.fetch('/api/ops/dead-letters?service=chat-media', { token: admin });
        assert.equal(list.status, 200, list.text);
        return (list.body.items as { id: string; data: { mediaId?: string }; error: string }[]).find(
          (d) => d.data.mediaId === id,
        );
      });
      assert.match(dead.error, /ffmpeg failed/);
      // The original was kept: the operator puts a readable copy in its place and retries.
      writeFileSync(join(dir, id, 'original'), sampleClip('video'));
      const retried = await p.fetch(`/api/ops/dead-letters/${dead.id}/retry`, { method: 'POST', token: admin });
      assert.equal(retried.status, 200, retried.text);
      const ready = await settled(ana, id, ['ready']);
      assert.equal(ready.body.reason, null);
    });
  });
}
