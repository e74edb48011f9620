import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_DEMO_PASSWORD, isLoopback, loadConfig, trustProxy } from '../src/runtime/config.loader';

const dataDir = mkdtempSync(join(tmpdir(), 'coordina-config-'));
const distributedEnv = { COORDINA_MODE: 'distributed', JWT_SECRET: 'x'.repeat(32), SANDBOX_WEBHOOK_SECRET: 's' };

describe('configuration of the edge', () => {
  it('listens on loopback by default on the embedded default, on every interface in a distributed process', () => {
    assert.equal(loadConfig({ dataDir }, {}).host, '127.0.0.1');
    assert.equal(loadConfig({ dataDir }, { HOST: '0.0.0.0' }).host, '127.0.0.1', 'a shell HOST is not ours');
    assert.equal(loadConfig({ dataDir }, { COORDINA_HOST: '0.0.0.0' }).host, '0.0.0.0');
    assert.equal(loadConfig({ dataDir, host: '::' }, { COORDINA_HOST: '0.0.0.0' }).host, '::');
    assert.equal(loadConfig({}, distributedEnv).host, '0.0.0.0');
    assert.ok(isLoopback('127.0.0.1') && isLoopback('::1') && isLoopback('localhost'));
    assert.ok(!isLoopback('0.0.0.0') && !isLoopback('::') && !isLoopback('192.168.1.4'));
  });

  it('creates demo accounts off loopback only with a password of ones own, and says where it came from', () => {
    const local = loadConfig({ dataDir }, {});
    assert.equal(local.seedDemo, true);
    assert.equal(local.demoPassword, DEFAULT_DEMO_PASSWORD);
    assert.equal(local.demoPasswordFromEnv, false);
    const open = loadConfig({ dataDir, host: '0.0.0.0' }, {});
    assert.equal(open.seedDemo, false, 'the published password on the network');
    assert.equal(loadConfig({ dataDir, host: '0.0.0.0' }, { COORDINA_SEED_DEMO: 'true' }).seedDemo, false);
    const own = loadConfig({ dataDir, host: '0.0.0.0' }, { COORDINA_DEMO_PASSWORD: 'a-long-one-of-mine' });
    assert.equal(own.seedDemo, true);
    assert.equal(own.demoPassword, 'a-long-one-of-mine');
    assert.equal(own.demoPasswordFromEnv, true);
  });

  it('trusts X-Forwarded-For from the configured proxies only (none by default)', () => {
    const none = loadConfig({ dataDir }, {});
    assert.deepEqual(none.trustedProxies, []);
    assert.equal(trustProxy(none), false);
    const some = loadConfig({ dataDir }, { COORDINA_TRUSTED_PROXIES: ' 10.0.0.5, 10.1.0.0/16 ,' });
    assert.deepEqual(trustProxy(some), ['10.0.0.5', '10.1.0.0/16']);
  });
});
