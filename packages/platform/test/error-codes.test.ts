import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AppError } from '../src/errors/app-error';
import { errorCatalog } from '../src/errors/error-catalog';
import { defineErrorCodes, ErrorCodes } from '../src/errors/error-codes';
import { toProblem } from '../src/errors/problem';

/** The rows of docs/reference/errors.md: code, status, who registers it. */
export function documentedErrorCodes(): { code: string; status: number; owners: string }[] {
  const doc = readFileSync(join(__dirname, '../../../../docs/reference/errors.md'), 'utf8');
  return [...doc.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \| ([a-z, -]+) \|/gm)].map((m) => ({
    code: m[1] ?? '',
    status: Number(m[2]),
    owners: m[3] ?? '',
  }));
}

describe('error codes', () => {
  it("documents the platform's error codes with their status in docs/reference/errors.md, as the platform's", () => {
    const documented = documentedErrorCodes()
      .filter((r) => r.owners === 'platform')
      .map((r) => `${r.code} ${r.status}`);
    const actual = Object.values(ErrorCodes).map((v) => `${v.code} ${v.status}`);
    assert.deepEqual(documented.sort(), actual.sort());
  });

  it("answers a service's code with its own status and title", () => {
    const Shop = defineErrorCodes({ OUT_OF_STOCK: { status: 409, title: 'Out of stock' } });
    const err = new AppError(Shop.OUT_OF_STOCK, 'the last one went');
    assert.equal(err.status, 409);
    const problem = toProblem(err, '/api/shop/orders');
    assert.equal(problem.code, 'OUT_OF_STOCK');
    assert.equal(problem.title, 'Out of stock');
    assert.equal(problem.detail, 'the last one went');
    assert.equal(problem.type, 'https://coordina.dev/problems/out-of-stock');
  });

  it('refuses a malformed code or status where it is declared', () => {
    assert.throws(() => defineErrorCodes({ outOfStock: { status: 409, title: 'x' } }), /UPPER_SNAKE_CASE/);
    assert.throws(() => defineErrorCodes({ OUT_OF_STOCK: { status: 200, title: 'x' } }), /status 200/);
  });

  it('lets services share a code only with the same status and title, and never redefine a platform code', () => {
    const a = defineErrorCodes({ OUT_OF_STOCK: { status: 409, title: 'Out of stock' } });
    const same = defineErrorCodes({ OUT_OF_STOCK: { status: 409, title: 'Out of stock' } });
    const other = defineErrorCodes({ OUT_OF_STOCK: { status: 422, title: 'Out of stock' } });
    const catalog = errorCatalog([
      { name: 'shop', errorCodes: a },
      { name: 'store', errorCodes: same },
    ]);
    assert.deepEqual(catalog.get('OUT_OF_STOCK')?.owners, ['shop', 'store']);
    assert.deepEqual(catalog.get('NOT_FOUND')?.owners, ['platform']);
    assert.throws(
      () =>
        errorCatalog([
          { name: 'shop', errorCodes: a },
          { name: 'store', errorCodes: other },
        ]),
      /store: error code OUT_OF_STOCK \(422 Out of stock\) differs from shop's \(409 Out of stock\)/,
    );
    const clash = defineErrorCodes({ NOT_FOUND: { status: 404, title: 'Not found' } });
    assert.throws(() => errorCatalog([{ name: 'shop', errorCodes: clash }]), /the platform's/);
  });
});
