import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { releasePort, reservePort } from '@coordina/platform/runtime';
import { eventually, samplePhoto } from '@coordina/platform/testing';
import sharp from 'sharp';
import { S3Storage } from '../src/storage/s3.storage';
import { type ChatUser, MediaFixture } from './media.fixture';

const BUCKET = 'chat-media-test';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/**
 * moto's server mode (from PyPI, installed by `coordina test` like schemathesis): a real
 * S3-compatible HTTP server the SDK talks to as it would to any other.
 */
describe('chat media on S3-compatible storage (moto server)', () => {
  let moto: ChildProcess;
  let port: number;
  let endpoint: string;
  let f: MediaFixture;
  let ana: ChatUser;
  let client: S3Client;

  before(async () => {
    const bin = process.env.COORDINA_TEST_MOTO_SERVER;
    assert.ok(bin, 'COORDINA_TEST_MOTO_SERVER: run this test with `coordina test`, which installs moto');
    port = await reservePort();
    endpoint = `http://127.0.0.1:${port}`;
    moto = spawn(bin, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    await eventually(
      () =>
        fetch(`${endpoint}/moto-api/`).then(
          (r) => r.ok,
          () => false,
        ),
      60_000,
    );
    client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials });
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    f = await MediaFixture.start({
      CHAT_MEDIA_STORAGE: 's3',
      CHAT_MEDIA_S3_BUCKET: BUCKET,
      CHAT_MEDIA_S3_ENDPOINT: endpoint,
      CHAT_MEDIA_S3_ACCESS_KEY_ID: credentials.accessKeyId,
      CHAT_MEDIA_S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      CHAT_MEDIA_ATTEMPTS: '1',
    });
    ana = await f.user();
  });
  after(async () => {
    await f?.close();
    client?.destroy();
    moto?.kill('SIGTERM');
    if (port) releasePort(port);
  });

  const keys = async (prefix: string) =>
    ((await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }))).Contents ?? [])
      .map((o) => o.Key)
      .sort();

  it('stores the original and the variants as objects and serves them back', async () => {
    const id = await f.uploaded(ana, await samplePhoto(), 'foto.jpg', 'image/jpeg');
    assert.deepEqual(await keys(id), [`${id}/original`], 'the original is in the bucket before processing');
    const ready = await f.settled(ana, id);
    assert.equal(ready.body.status, 'ready', ready.text);
    assert.deepEqual(await keys(id), [`${id}/image`, `${id}/original`, `${id}/thumbnail`]);
    const thumb = await f.download(ana, `/api/chat/media/${id}/variants/thumbnail`);
    assert.equal(thumb.type, 'image/webp');
    assert.deepEqual([(await sharp(thumb.data).metadata()).width], [320]);
  });

  it('keeps a parked file in the bucket; a missing object reads as none', async () => {
    const corrupt = Buffer.concat([Buffer.from('RIFF\0\0\0\0AVI LIST', 'latin1'), Buffer.alloc(2000, 7)]);
    const id = await f.uploaded(ana, corrupt, 'roto.avi', 'video/x-msvideo');
    const parked = await f.settled(ana, id);
    assert.equal(parked.body.status, 'failed');
    assert.deepEqual(await keys(id), [`${id}/original`], 'never lost');
    const storage = new S3Storage({ bucket: BUCKET, region: 'us-east-1', endpoint, credentials });
    try {
      assert.equal(await storage.get(`${id}/video`), undefined);
      assert.deepEqual(await storage.get(`${id}/original`), corrupt);
    } finally {
      storage.close();
    }
  });
});
