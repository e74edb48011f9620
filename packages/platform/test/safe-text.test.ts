import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { z } from 'zod';
import { isSafeText, SafeText, unsafeTextPaths, ZodPipe } from '../src';
import { AppError } from '../src/errors/app-error';

/** What the platform's unsafe-text rule must agree with: no NUL, and well-formed UTF-16. */
const reference = (s: string) => !s.includes('\u0000') && (s as unknown as { isWellFormed(): boolean }).isWellFormed();

describe('unsafe text (NUL, unpaired surrogates)', () => {
  it('agrees with String.prototype.isWellFormed on any UTF-16 string, NUL aside', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => isSafeText(s) === reference(s)),
      { numRuns: 2000 },
    );
    // Surrogate pairs at both ends, and lone halves, which random strings rarely place so.
    for (const s of ['\ud83d\ude00', 'a\ud83d\ude00', '\ud800', '\udc00', 'a\udc00\ud800b', '\u0000', '']) {
      assert.equal(isSafeText(s), reference(s), JSON.stringify(s));
    }
  });

  it('finds every unsafe string in a request, keys and array items included, by path', () => {
    assert.deepEqual(unsafeTextPaths({ a: 'ok', b: ['x', 'y\u0000'], c: { d: '\ud800' }, 'k\u0000': 1, n: 5 }), [
      ['b', 1],
      ['c', 'd'],
      ['k\\u0000'],
    ]);
    assert.equal(SafeText.safeParse('fine').success, true);
    assert.equal(SafeText.safeParse('no\u0000').success, false);
  });

  it('makes the validation pipe answer 400 naming the field before the contract schema runs', () => {
    const pipe = new ZodPipe(z.object({ name: z.string(), other: z.string() }));
    const err = (() => {
      try {
        pipe.transform({ name: 'a\u0000', other: 'fine' }, { type: 'body' });
      } catch (e) {
        return e;
      }
    })();
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.status, 400);
    assert.deepEqual(
      err.errors?.map((e) => e.field),
      ['body.name'],
    );
    assert.deepEqual(pipe.transform({ name: 'a', other: 'b' }, { type: 'body' }), { name: 'a', other: 'b' });
  });
});
