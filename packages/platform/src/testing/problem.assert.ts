import assert from 'node:assert/strict';
import type { TestResponse } from './test-app';

export interface ExpectedProblem {
  readonly status: number;
  /** The field an entry of `errors` must name (`body.name`, `query.limit`). */
  readonly field?: string;
  /** The problem's `code`. */
  readonly code?: string;
}

/**
 * Asserts that a response is the problem+json a client should get: its status, and the field
 * it names or its code when expected. `what` says which request failed.
 */
export function assertProblem(r: TestResponse, expected: ExpectedProblem, what = ''): void {
  const about = `${what}: ${r.text}`;
  assert.equal(r.status, expected.status, about);
  assert.match(r.headers.get('content-type') ?? '', /application\/problem\+json/, about);
  if (expected.code) assert.equal(r.body.code, expected.code, about);
  if (expected.field)
    assert.ok(
      r.body.errors?.some((e: { field: string }) => e.field === expected.field),
      `names ${expected.field}: ${about}`,
    );
}
