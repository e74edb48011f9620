/**
 * A node:test reporter that prints, once the run is over, how long each test file took (the
 * sum of its top-level tests and suites, hooks included), slowest first, so the suite's growth
 * is visible. `coordina test` runs it next to the spec reporter.
 *
 * It ends with a recap of the failed tests (name, place, first lines of the error). The spec
 * reporter's own list comes before the table, and a CI that keeps only the end of a long log
 * would otherwise show which file failed but not which test or why.
 */
interface TestEvent {
  type: string;
  data: {
    file?: string;
    line?: number;
    name?: string;
    nesting?: number;
    details?: { duration_ms?: number; error?: unknown };
  };
}

interface Failure {
  where: string;
  name: string;
  error: string;
}

/** The failure's own error: node:test wraps it in ERR_TEST_FAILURE, whose `cause` is the thrown value. */
function errorText(error: unknown): string {
  const inner = (error as { cause?: unknown } | undefined)?.cause ?? error;
  const text = inner instanceof Error ? `${inner.name}: ${inner.message}` : String(inner);
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  return lines.slice(0, 6).join('\n      ') + (lines.length > 6 ? '\n      ...' : '');
}

/** A suite that failed only because a test inside it failed adds nothing to the recap. */
function onlySubtestsFailed(error: unknown): boolean {
  return (error as { failureType?: string } | undefined)?.failureType === 'subtestsFailed';
}

async function* fileTimes(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  const times = new Map<string, number>();
  const failed = new Set<string>();
  const failures: Failure[] = [];
  const root = `${process.cwd()}/`;
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { file, line, name, nesting, details } = event.data;
    if (event.type === 'test:fail' && !onlySubtestsFailed(details?.error)) {
      const where = `${(file ?? '?').replace(root, '')}${line ? `:${line}` : ''}`;
      failures.push({ where, name: name ?? '?', error: errorText(details?.error) });
    }
    if (!file || nesting !== 0) continue;
    // Scenarios shared by both topologies are defined in one module: the suite's name tells them apart.
    const shared = /\.scenarios\.js$/.test(file);
    const key = shared && name ? `${file} (${name.length > 70 ? `${name.slice(0, 67)}...` : name})` : file;
    times.set(key, (times.get(key) ?? 0) + (details?.duration_ms ?? 0));
    if (event.type === 'test:fail') failed.add(key);
  }
  const rows = [...times.entries()].sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((sum, [, ms]) => sum + ms, 0);
  yield '\nTime per test file (sum of its top-level tests), slowest first:\n';
  for (const [file, ms] of rows) {
    const mark = failed.has(file) ? ' FAILED' : '';
    yield `${(ms / 1000).toFixed(1).padStart(7)} s  ${file.replace(root, '')}${mark}\n`;
  }
  yield `${(total / 1000).toFixed(1).padStart(7)} s  in ${rows.length} files (files run two at a time)\n`;
  if (failures.length === 0) return;
  yield `\nFailed (${failures.length}; the full errors are in the spec reporter's list above):\n`;
  for (const { where, name, error } of failures) yield `  ${where}  ${name}\n      ${error}\n`;
}

export = fileTimes;
