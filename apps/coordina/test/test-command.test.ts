import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { compiledTests, removeRunFiles } from '../src/test.command';

describe('coordina test', () => {
  it('runs the compiled tests whose source still exists, never a stale one left in dist', () => {
    const root = mkdtempSync(join(tmpdir(), 'coordina-tests-'));
    try {
      const files = [
        'packages/platform/test/kept.test.ts',
        'packages/platform/dist/test/kept.test.js',
        'packages/platform/dist/test/removed.test.js',
        'services/x/y/test/nested/deep.test.ts',
        'services/x/y/dist/test/nested/deep.test.js',
        'apps/cli/dist/test/renamed.test.js',
        'apps/cli/test/renamed-now.test.ts',
        'apps/cli/dist/test/helper.js',
      ];
      for (const f of files) {
        mkdirSync(dirname(join(root, f)), { recursive: true });
        writeFileSync(join(root, f), '');
      }
      assert.deepEqual(compiledTests(root), [
        'packages/platform/dist/test/kept.test.js',
        'services/x/y/dist/test/nested/deep.test.js',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("removes what a passing run left and keeps the tests' files of a failing one", () => {
    const run = () => {
      const dir = mkdtempSync(join(tmpdir(), 'coordina-run-files-'));
      for (const f of ['pg/PG_VERSION', 'kafka/meta.properties', 'tmp/coordina-up-x/gateway-0.log']) {
        mkdirSync(dirname(join(dir, f)), { recursive: true });
        writeFileSync(join(dir, f), 'x');
      }
      return dir;
    };
    const passed = run();
    assert.equal(removeRunFiles(passed, false), undefined);
    assert.equal(existsSync(passed), false);

    const failed = run();
    try {
      assert.equal(removeRunFiles(failed, true), join(failed, 'tmp'));
      assert.deepEqual(readdirSync(failed), ['tmp']);
      assert.ok(existsSync(join(failed, 'tmp/coordina-up-x/gateway-0.log')));
    } finally {
      rmSync(failed, { recursive: true, force: true });
    }
  });
});
