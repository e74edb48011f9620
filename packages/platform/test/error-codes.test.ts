import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { ErrorCodes } from '../src/errors/error-codes';

it('documents every error code with its status in docs/reference/errors.md, and nothing else', () => {
  const doc = readFileSync(join(__dirname, '../../../../docs/reference/errors.md'), 'utf8');
  const documented = [...doc.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
  const actual = Object.entries(ErrorCodes).map(([code, v]) => `${code} ${v.status}`);
  assert.deepEqual(documented.sort(), actual.sort());
});
