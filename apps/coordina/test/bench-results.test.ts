import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { testPostgresUrl } from '@coordina/platform/testing';
import { parseOnly, RESULT_GROUPS, selection, TRACES_SECTION } from '../src/bench/results';
import { testKafkaBrokers } from './harness';

const MAIN = resolve(__dirname, '../src/main.js');

/** The names issue 14 asks for: renaming one breaks whoever compares runs. */
const NAMED = [
  'gateway.throughput_ratio_vs_nginx',
  'gateway.added_p50_ms',
  'service.cached_read_ratio_vs_plain_fastify',
  'events.pglog.burst_per_second',
  'events.pglog.steady_hop_p99_ms',
  'events.kafka.throughput_ratio_vs_raw',
  'events.kafka.steady_hop_p99_ms',
  'saga.embedded.per_second',
  'saga.embedded.p50_ms',
  'saga.distributed.per_second',
  'saga.distributed.p50_ms',
  'rush.embedded.p99_ms',
  'rush.embedded.all_sold_s',
  'rush.distributed.p99_ms',
  'rush.distributed.all_sold_s',
  'rush.oversell',
  'start.warm_ms',
  'start.idle_cpu_percent',
  'gamevault.search_p95_ms',
  'gamevault.webhook_to_key_p99_ms',
  'gamevault.review_reads_p95_ms',
  'gamevault.review_cache_hit_rate',
  'gamevault.review_visible_p99_ms',
];

function bench(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [MAIN, 'bench', ...args], { timeout: 240_000 }, (err, stdout, stderr) =>
      done({ code: err ? Number(err.code ?? 1) : 0, output: `${stdout}\n${stderr}` }),
    );
  });
}

describe('coordina bench results (bench/results.json)', () => {
  it('a small events-only run writes every named number: the events as numbers, the rows not run as null with a reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coordina-bench-test-'));
    try {
      const out = join(dir, 'results.json');
      const r = await bench([
        '--only',
        'events',
        '--events',
        '100',
        '--rate',
        '100',
        '--steady-seconds',
        '1',
        '--database-url',
        testPostgresUrl(),
        '--kafka-brokers',
        testKafkaBrokers().join(','),
        '--out',
        out,
      ]);
      assert.equal(r.code, 0, r.output);
      const json = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
      assert.match(String(json.commit), /^[0-9a-f]{40}(-dirty)?$/);
      assert.ok(!Number.isNaN(Date.parse(String(json.date))), 'date is a timestamp');
      assert.equal(json.only, 'events');
      for (const k of NAMED) assert.ok(k in json, `results.json has ${k}`);
      for (const [group, keys] of Object.entries(RESULT_GROUPS)) {
        for (const k of keys) assert.ok(k in json, `results.json has ${k}`);
        if (group.startsWith('events.')) {
          for (const k of keys) assert.equal(typeof json[k], 'number', `${k} is a number: ${r.output.slice(-3000)}`);
          assert.equal(json[`${group}.null_reason`], undefined, `${group} has no null_reason`);
        } else {
          for (const k of keys) assert.equal(json[k], null, `${k} is null: not run`);
          assert.match(String(json[`${group}.null_reason`]), /not run: --only events/);
        }
      }
      assert.equal(json['events.pglog.steady_lost'], 0, 'every steady event arrived');
      assert.equal(json['events.kafka.steady_lost'], 0, 'every steady event arrived');
      // The report a full run writes to RESULTS.md links the traces instead of dropping them.
      assert.ok(r.output.includes(TRACES_SECTION), 'the report ends with the link to bench/TRACES.md');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bench/RESULTS.md links bench/TRACES.md (the tables of `coordina bench trace`) and bench/HISTORY.md (runs by hand)', () => {
    const bench = resolve(__dirname, '../../../../bench');
    assert.ok(readFileSync(join(bench, 'RESULTS.md'), 'utf8').includes(TRACES_SECTION));
    const traces = readFileSync(join(bench, 'TRACES.md'), 'utf8');
    assert.match(traces, /^## embedded \(one process, PostgreSQL log\)$/m);
    assert.match(traces, /^## distributed \(process per service, Kafka\)$/m);
    assert.match(readFileSync(join(bench, 'HISTORY.md'), 'utf8'), /^### Chat fan-out before and after branch chatfan/m);
  });

  it('--only names rows: a section picks its rows, a row its section, a typo is refused', () => {
    const wants = selection(parseOnly('saga.embedded,events'));
    assert.ok(wants('saga.embedded'));
    assert.ok(wants('saga'), 'the section of a chosen row runs (its setup)');
    assert.ok(!wants('saga.distributed'));
    assert.ok(wants('events.kafka'));
    assert.ok(!wants('start'));
    assert.ok(selection(undefined)('gateway'), 'everything without --only');
    assert.throws(() => parseOnly('event'), /unknown section event/);
    assert.throws(() => parseOnly(''), /unknown section/);
  });
});
