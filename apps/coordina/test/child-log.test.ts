import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { logOutput } from '../src/child.process';

describe("a child's log file", () => {
  it('keeps what the child writes on one stream after it closed the other (no write after end)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'child-log-'));
    try {
      const file = join(dir, 'child.log');
      // stdout closes first; stderr writes after it, as a server shutting down does.
      const child = spawn('sh', ['-c', 'echo first; exec 1>&-; sleep 0.3; echo last >&2'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out = logOutput(child, file);
      const errors: Error[] = [];
      out.on('error', (err) => errors.push(err));
      await new Promise<void>((resolve) => out.once('finish', () => resolve()));
      assert.deepEqual(errors, []);
      assert.equal(readFileSync(file, 'utf8'), 'first\nlast\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
