import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { carrierSignature, carrierSignatureProblem } from '../src/carriers/carrier-signature';
import { KeyCipher } from '../src/domain/key-cipher';

describe('GameVault logistics: the key pool cipher', () => {
  const cipher = KeyCipher.fromSecret('a-test-secret-of-at-least-32-characters!');
  const product = randomUUID();
  const code = 'ABCDE-12345-FGHIJ';

  it('seals a key with AES-256-GCM and opens it for its product', () => {
    const sealed = cipher.seal(code, product);
    assert.match(sealed, /^v1\.[A-Za-z0-9_-]+$/);
    assert.ok(!sealed.includes(code) && !Buffer.from(sealed.slice(3), 'base64url').toString('latin1').includes(code));
    assert.equal(cipher.open(sealed, product), code);
    assert.notEqual(cipher.seal(code, product), sealed, 'a fresh IV each time');
  });

  it('refuses to open a key for another product, under another secret, or altered', () => {
    const sealed = cipher.seal(code, product);
    assert.throws(() => cipher.open(sealed, randomUUID()));
    assert.throws(() => KeyCipher.fromSecret('another-secret-of-at-least-32-characters').open(sealed, product));
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    assert.throws(() => cipher.open(`v1.${raw.toString('base64url')}`, product));
    assert.throws(() => KeyCipher.fromSecret('short'));
  });

  it('fingerprints equal keys of a product alike, and nothing else', () => {
    assert.equal(cipher.fingerprint(code, product), cipher.fingerprint(code, product));
    assert.notEqual(cipher.fingerprint(code, product), cipher.fingerprint(code, randomUUID()));
    assert.notEqual(cipher.fingerprint(code, product), cipher.fingerprint(`${code}X`, product));
    assert.ok(!cipher.fingerprint(code, product).includes(code));
  });
});

describe('GameVault logistics: the carrier webhook signature', () => {
  const body = '{"id":"evt_1"}';
  const secret = 'carrier-secret';

  it('accepts its own fresh signature and refuses a missing, wrong, altered or stale one', () => {
    const now = Math.floor(Date.now() / 1000);
    assert.equal(carrierSignatureProblem(body, carrierSignature(body, secret, now), secret, now), undefined);
    assert.match(carrierSignatureProblem(body, undefined, secret) ?? '', /missing/);
    assert.match(carrierSignatureProblem(body, 'v1=abc', secret) ?? '', /must be/);
    assert.match(carrierSignatureProblem(body, carrierSignature(body, 'other', now), secret, now) ?? '', /match/);
    assert.match(carrierSignatureProblem(`${body} `, carrierSignature(body, secret, now), secret, now) ?? '', /match/);
    assert.match(
      carrierSignatureProblem(body, carrierSignature(body, secret, now - 301), secret, now) ?? '',
      /tolerance/,
    );
  });
});
