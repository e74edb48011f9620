import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { oldServerInTheWay } from '../src/db/embedded-postgres.server';

/** The start of a server just killed (the outage tests' restarts) waits for the old one's leftovers. */
describe('embedded PostgreSQL restart', () => {
  it("tells an old server's leftovers, as PostgreSQL 17 words them, from any other failure to start", () => {
    // The log of a restart that failed in a run of queue-outage.test.ts (its regular expression missed the key and ID).
    const refused = [
      '2026-12-06 08:31:49.920 UTC [15102] FATAL:  terminating connection due to unexpected postmaster exit',
      '2026-12-06 08:31:49.934 UTC [15110] FATAL:  pre-existing shared memory block (key 10428418, ID 786480) is still in use',
      '2026-12-06 08:31:49.934 UTC [15110] HINT:  Terminate any old server processes associated with data directory "/tmp/x/pg".',
    ].join('\n');
    assert.equal(oldServerInTheWay(refused), true);
    assert.equal(oldServerInTheWay('FATAL:  lock file "postmaster.pid" already exists'), true);
    assert.equal(oldServerInTheWay('FATAL:  pre-existing shared memory block is still in use'), true);
    assert.equal(oldServerInTheWay('LOG:  could not bind IPv4 address "127.0.0.1": Address already in use'), false);
    assert.equal(oldServerInTheWay('FATAL:  data directory "/tmp/x/pg" has invalid permissions'), false);
  });
});
