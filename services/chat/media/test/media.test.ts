import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertProblem, eventually, probeStream, sampleClip, samplePhoto } from '@coordina/platform/testing';
import sharp from 'sharp';
import { MEDIA_QUEUE } from '../src/domain/media.queue';
import { type ChatUser, MediaFixture } from './media.fixture';

const MAX_BYTES = 400_000;

describe('chat media: uploads processed in a priority queue', () => {
  let f: MediaFixture;
  let ana: ChatUser;
  let beto: ChatUser;
  let stranger: ChatUser;

  before(async () => {
    f = await MediaFixture.start({ CHAT_MEDIA_MAX_BYTES: String(MAX_BYTES), CHAT_MEDIA_ATTEMPTS: '1' });
    [ana, beto, stranger] = [await f.user(), await f.user(), await f.user()];
  });
  after(() => f?.close());

  it('resizes and thumbnails a photo without its EXIF; its conversation members may read it, nobody else', async () => {
    const original = await samplePhoto();
    assert.ok((await sharp(original).metadata()).exif, 'the photo has EXIF to strip');
    const id = await f.uploaded(ana, original, 'playa.jpg', 'image/jpeg');
    assert.equal((await f.ctx.queue.find(MEDIA_QUEUE, id))?.level, 'high', 'pictures go first');

    const ready = await f.settled(ana, id);
    assert.equal(ready.body.status, 'ready', ready.text);
    assert.equal(ready.body.kind, 'image');
    const byName = Object.fromEntries(ready.body.variants.map((v: { name: string }) => [v.name, v]));
    assert.deepEqual([byName.image.width, byName.image.height], [1200, 900]);
    const image = await f.download(ana, byName.image.url);
    assert.equal(image.type, 'image/webp');
    const meta = await sharp(image.data).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height, meta.exif], ['webp', 1200, 900, undefined]);
    assert.ok(!image.data.includes('Miraflores'), 'not a byte of the description');
    const thumb = await sharp((await f.download(ana, byName.thumbnail.url)).data).metadata();
    assert.deepEqual([thumb.width, thumb.height, thumb.exif], [320, 320, undefined]);

    // Only the uploader until a message carries it; then its conversation's members.
    assertProblem(await f.get(beto, `/api/chat/media/${id}`), { status: 404 });
    assertProblem(await f.get(beto, byName.image.url), { status: 404 });
    await f.share(ana, [beto], id);
    await eventually(async () => (await f.get(beto, `/api/chat/media/${id}`)).status === 200);
    assert.equal((await f.download(beto, byName.thumbnail.url)).type, 'image/webp');
    assertProblem(await f.get(stranger, `/api/chat/media/${id}`), { status: 404 });
    // Knowing the id is not enough to share it: the stranger's own conversation gets no access.
    const other = await f.user();
    await f.share(stranger, [other], id);
    const own = await f.uploaded(stranger, await samplePhoto(), 'x.jpg', 'image/jpeg');
    await f.share(stranger, [other], own);
    await eventually(async () => (await f.get(other, `/api/chat/media/${own}`)).status === 200);
    assertProblem(await f.get(other, `/api/chat/media/${id}`), { status: 404 });

    const [event] = await f.announced(id);
    assert.ok(event);
    assert.equal(event.kind, 'image');
    assert.deepEqual(event.memberIds, [ana.id]);
    assert.deepEqual(event.conversationIds, []);
  });

  it('transcodes a video to H.264 MP4 with a poster, and a sound to Opus, announcing each to the members', async () => {
    const video = await f.uploaded(ana, sampleClip('video'), 'clip.mkv', 'video/x-matroska');
    const audio = await f.uploaded(ana, sampleClip('audio'), 'nota.wav', 'audio/wav');
    assert.equal((await f.ctx.queue.find(MEDIA_QUEUE, video))?.level, 'low', 'videos go last');
    assert.equal((await f.ctx.queue.find(MEDIA_QUEUE, audio))?.level, 'normal');
    const conversationId = await f.share(ana, [beto], video);

    const v = await f.settled(ana, video);
    assert.equal(v.body.status, 'ready', v.text);
    assert.deepEqual(v.body.variants.map((x: { name: string }) => x.name).sort(), ['poster', 'video']);
    const mp4 = await f.download(beto, `/api/chat/media/${video}/variants/video`);
    assert.equal(mp4.type, 'video/mp4');
    const file = join(f.dir, 'probe.mp4');
    writeFileSync(file, mp4.data);
    assert.deepEqual(probeStream(file, 'v:0'), { codec_name: 'h264', pix_fmt: 'yuv420p', width: '320', height: '240' });
    assert.equal(probeStream(file, 'a:0').codec_name, 'aac');
    const poster = await f.download(ana, `/api/chat/media/${video}/variants/poster`);
    assert.equal(poster.type, 'image/jpeg');
    assert.deepEqual(
      [(await sharp(poster.data).metadata()).width, (await sharp(poster.data).metadata()).height],
      [320, 240],
    );
    const [announced] = await eventually(async () => {
      const events = await f.announced(video);
      return events.length > 0 ? events : undefined;
    });
    assert.deepEqual(
      [...((announced?.memberIds as string[] | undefined) ?? [])].sort(),
      [ana.id, beto.id].sort(),
      'the members are told',
    );
    // Messaging consumes media.procesada: the message carrying the video shows it ready.
    await eventually(async () => {
      const history = await f.get(beto, `/api/chat/conversations/${conversationId}/messages`);
      const message = history.body.items.find((m: { mediaId: string }) => m.mediaId === video);
      return message?.mediaReady === true;
    });

    const a = await f.settled(ana, audio);
    assert.equal(a.body.status, 'ready', a.text);
    const opus = await f.download(ana, `/api/chat/media/${audio}/variants/audio`);
    assert.equal(opus.type, 'audio/ogg; codecs=opus');
    writeFileSync(file, opus.data);
    assert.equal(probeStream(file, 'a:0').codec_name, 'opus');
  });

  it('reads the kind from the bytes, refuses what is not media (415) or too large (413), naming the field', async () => {
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#0f0' } })
      .png()
      .toBuffer();
    const renamed = await f.uploaded(ana, png, 'captura.mp3', 'audio/mpeg');
    assert.equal((await f.settled(ana, renamed)).body.kind, 'image', 'a PNG named .mp3 is a picture');

    const before = readdirSync(f.dir).length;
    assertProblem(await f.upload(ana, 'no soy una foto, solo texto\n'.repeat(20), 'foto.jpg', 'image/jpeg'), {
      status: 415,
      field: 'body.file',
    });
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>';
    assertProblem(await f.upload(ana, svg, 'logo.png', 'image/png'), { status: 415, field: 'body.file' });
    assertProblem(await f.upload(ana, randomBytes(MAX_BYTES + 1), 'big.mp4', 'video/mp4'), {
      status: 413,
      code: 'MEDIA_TOO_LARGE',
      field: 'body.file',
    });
    assertProblem(await f.upload(ana, png, 'x.png', 'image/png', 'picture'), { status: 400, field: 'body.file' });
    assertProblem(await f.app.fetch('/api/chat/media', { token: ana.token, json: { file: 'x' } }), {
      status: 400,
      field: 'body.file',
    });
    assert.equal(readdirSync(f.dir).length, before, 'nothing refused is stored');
  });

  it('parks a corrupt file with its reason in the dead letters, keeps it, and processes it once an operator retries', async () => {
    // An MP4 header over noise: it looks like a video, ffmpeg cannot read it.
    const corrupt = Buffer.concat([
      Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex'),
      randomBytes(4000),
    ]);
    const id = await f.uploaded(ana, corrupt, 'roto.mp4', 'video/mp4');
    const parked = await f.settled(ana, id);
    assert.equal(parked.body.status, 'failed');
    assert.match(parked.body.reason, /ffmpeg failed/);
    assert.deepEqual(parked.body.variants, []);
    assertProblem(await f.get(ana, `/api/chat/media/${id}/variants/video`), { status: 409, code: 'MEDIA_NOT_READY' });

    const admin = await f.user('platform_admin');
    const list = await f.get(admin, '/api/ops/dead-letters?service=chat-media');
    assert.equal(list.status, 200, list.text);
    const dead = (list.body.items as { id: string; queue: string; data: unknown; error: string }[]).find(
      (d) => (d.data as { mediaId?: string }).mediaId === id,
    );
    assert.ok(dead, JSON.stringify(list.body.items));
    assert.equal(dead.queue, MEDIA_QUEUE);
    assert.match(dead.error, /ffmpeg failed/);

    // Never lost: the original is kept. An operator replaces it with a readable copy and retries.
    writeFileSync(join(f.dir, id, 'original'), sampleClip('video'));
    const retried = await f.app.fetch(`/api/ops/dead-letters/${dead.id}/retry`, { method: 'POST', token: admin.token });
    assert.equal(retried.status, 200, retried.text);
    const ready = await eventually(async () => {
      const r = await f.get(ana, `/api/chat/media/${id}`);
      return r.body.status === 'ready' ? r : undefined;
    }, 60_000);
    assert.equal(ready.body.reason, null);
    assert.equal((await f.announced(id)).length, 1, 'announced once');
  });
});
