import assert from 'node:assert/strict';
import { it } from 'node:test';
import { backoffRetry } from '../src';

it('counts the first attempt among the attempts: five attempts are four retries', () => {
  assert.deepEqual(backoffRetry({ attempts: 5, firstDelaySeconds: 2, maxDelaySeconds: 300, hungAfterSeconds: 120 }), {
    retryLimit: 4,
    retryDelaySeconds: 2,
    retryDelayMaxSeconds: 300,
    expireInSeconds: 120,
  });
});

it('refuses a backoff without a whole, positive number of attempts', () => {
  for (const attempts of [0, -1, 1.5])
    assert.throws(() => backoffRetry({ attempts, firstDelaySeconds: 1, maxDelaySeconds: 1, hungAfterSeconds: 1 }));
});
