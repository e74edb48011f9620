import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { reservePort } from '@coordina/platform/runtime';
import { eventually } from '@coordina/platform/testing';
import { ManagedProcess, supervise } from '../src/child.process';

// A server that crashes (exit code 3) on its first two starts, then serves /health: what
// `coordina up` does with a service that dies is what its supervisor does with this one.
const FLAKY_SERVER = `
const fs = require('node:fs');
const starts = (fs.existsSync(process.env.COUNT_FILE) ? Number(fs.readFileSync(process.env.COUNT_FILE, 'utf8')) : 0) + 1;
fs.writeFileSync(process.env.COUNT_FILE, String(starts));
if (starts <= 2) setTimeout(() => process.exit(3), 20);
else require('node:http').createServer((req, res) => res.end('ok')).listen(Number(process.env.PORT), '127.0.0.1');
`;

describe('coordina up supervises its instances', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coordina-supervisor-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('restarts a crashed instance with growing delays, logs each exit and its return, and never restarts a stopped one', async () => {
    const port = await reservePort();
    const script = join(dir, 'flaky.js');
    const count = join(dir, 'starts');
    writeFileSync(script, FLAKY_SERVER);
    const proc = new ManagedProcess(
      'flaky#0',
      process.execPath,
      [script],
      { ...process.env, PORT: String(port), COUNT_FILE: count },
      join(dir, 'flaky.log'),
    );
    const lines: string[] = [];
    let stopping = false;
    supervise(proc, { url: `http://127.0.0.1:${port}`, log: (l) => lines.push(l), stopping: () => stopping });
    proc.start();
    try {
      await eventually(async () => lines.includes('coordina: flaky#0 is back'), 60_000, 100);
      assert.equal(readFileSync(count, 'utf8'), '3', 'two crashes, then a start that stays up');
      assert.match(
        lines[0] ?? '',
        /^coordina: flaky#0 exited \(code 3, signal null\); restarting in 1 s \(log .*flaky\.log\)$/,
      );
      assert.match(lines[1] ?? '', /exited \(code 3, signal null\); restarting in 2 s/);
      assert.equal(lines.length, 3, lines.join('\n'));

      // Killed from outside (an OOM kill): restarted again, the delay still growing.
      process.kill(proc.pid ?? 0, 'SIGKILL');
      await eventually(async () => lines.length === 5, 60_000, 100);
      assert.match(lines[3] ?? '', /exited \(code null, signal SIGKILL\); restarting in 4 s/);
      assert.equal(lines[4], 'coordina: flaky#0 is back');
      assert.equal(readFileSync(count, 'utf8'), '4');

      // A stop is not a crash: the exit handler has run by the time stop() resolves.
      await proc.stop();
      assert.equal(lines.length, 5, lines.join('\n'));
      assert.equal(proc.running, false);
    } finally {
      stopping = true;
      await proc.stop('SIGKILL');
    }
  });
});
