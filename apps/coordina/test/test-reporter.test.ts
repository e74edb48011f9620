import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fileTimes = require('../src/test-reporter');

async function report(events: { type: string; data: Record<string, unknown> }[]): Promise<string> {
  async function* source() {
    yield* events;
  }
  let out = '';
  for await (const chunk of fileTimes(source())) out += chunk;
  return out;
}

describe('the test reporter', () => {
  const file = `${process.cwd()}/apps/x/dist/test/web.test.js`;
  const cause = new Error('page did not show DELIVERED\nwithin 60000 ms');
  const leaf = { failureType: 'testCodeFailure', cause };
  const suite = { failureType: 'subtestsFailed', cause: '1 subtest failed' };

  it("ends with a recap naming each failed test, where it is and its error's first lines, not its suite", async () => {
    const out = await report([
      { type: 'test:pass', data: { file, name: 'passes', nesting: 1, details: { duration_ms: 5 } } },
      {
        type: 'test:fail',
        data: { file, line: 12, name: 'follows the order', nesting: 1, details: { duration_ms: 60_000, error: leaf } },
      },
      {
        type: 'test:fail',
        data: { file, line: 3, name: 'web suite', nesting: 0, details: { duration_ms: 61_000, error: suite } },
      },
    ]);
    assert.match(out, /61\.0 s {2}apps\/x\/dist\/test\/web\.test\.js FAILED/);
    const recap = out.slice(out.indexOf('\nFailed (1;'));
    assert.ok(out.indexOf('\nFailed (1;') > out.indexOf('in 1 files'), out);
    assert.match(recap, /apps\/x\/dist\/test\/web\.test\.js:12 {2}follows the order/);
    assert.match(recap, /Error: page did not show DELIVERED\n\s+within 60000 ms/);
    assert.doesNotMatch(recap, /web suite/);
  });

  it('names a failed hook of a suite', async () => {
    const hook = { failureType: 'hookFailed', cause: new Error('after hook: close timed out') };
    const out = await report([
      { type: 'test:fail', data: { file, line: 3, name: 'web suite', nesting: 0, details: { error: hook } } },
    ]);
    assert.match(out, /web\.test\.js:3 {2}web suite\n\s+Error: after hook: close timed out/);
  });

  it('prints no recap when nothing failed', async () => {
    const out = await report([
      { type: 'test:pass', data: { file, name: 'passes', nesting: 0, details: { duration_ms: 5 } } },
    ]);
    assert.doesNotMatch(out, /Failed/);
  });
});
