import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MailTransport } from '../src/events/mail.transport';

describe('the embedded mailbox', () => {
  it('writes each email as a .eml file only its owner can read (codes and links are in them)', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'coordina-mailbox-')), 'mail');
    const transport = new MailTransport(undefined, dir);
    const old = process.umask(0o022);
    try {
      assert.equal(await transport.send({ to: 'owner@x.test', subject: 'Your code', body: '123456' }), 'RECORDED');
    } finally {
      process.umask(old);
      transport.close();
    }
    const files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
    assert.equal(files.length, 1);
    assert.equal(statSync(join(dir, files[0] ?? '')).mode & 0o777, 0o600);
  });
});
