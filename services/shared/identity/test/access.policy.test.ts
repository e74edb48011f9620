import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AccessPolicy } from '../src/domain/access.policy';

describe('access policy per system', () => {
  it('gives MusicFest a strict policy: 3 failures in 15 minutes lock for 15, verified email, emailed 2FA', () => {
    const p = AccessPolicy.for('musicfest');
    assert.deepEqual(p.lockout, { maxFailures: 3, windowSeconds: 900, lockSeconds: 900 });
    assert.equal(p.requireEmailVerification, true);
    assert.equal(p.twoFactor, true);
    assert.deepEqual(p.missingProfile({ phone: '+51987654321' }), ['country', 'birthDate']);
  });

  it('keeps InStudio and GameVault as they were: 5 failures in 5 minutes, no verification gate, no 2FA', () => {
    for (const system of ['instudio', 'gamevault'] as const) {
      const p = AccessPolicy.for(system);
      assert.deepEqual(p.lockout, { maxFailures: 5, windowSeconds: 300, lockSeconds: 300 });
      assert.equal(p.requireEmailVerification, false);
      assert.equal(p.twoFactor, false);
      assert.deepEqual(p.missingProfile({}), []);
    }
  });

  it('uses the same code, reset link and remembered-device lifetimes for every system', () => {
    const p = AccessPolicy.for('instudio');
    assert.deepEqual(p.codeTtlSeconds, { verify_email: 900, login_2fa: 600 });
    assert.equal(p.maxCodeAttempts, 5);
    assert.equal(p.passwordResetTtlSeconds, 1800);
    assert.equal(p.rememberDeviceSeconds, 30 * 86_400);
  });
});
