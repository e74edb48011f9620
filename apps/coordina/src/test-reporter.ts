/**
 * A node:test reporter that prints, once the run is over, how long each test file took (the
 * sum of its top-level tests and suites, hooks included), slowest first, so the suite's growth
 * is visible. `coordina test` runs it next to the spec reporter.
 */
interface TestEvent {
  type: string;
  data: { file?: string; name?: string; nesting?: number; details?: { duration_ms?: number } };
}

async function* fileTimes(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  const times = new Map<string, number>();
  const failed = new Set<string>();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { file, name, nesting, details } = event.data;
    if (!file || nesting !== 0) continue;
    // Scenarios shared by both topologies are defined in one module: the suite's name tells them apart.
    const shared = /\.scenarios\.js$/.test(file);
    const key = shared && name ? `${file} (${name.length > 70 ? `${name.slice(0, 67)}...` : name})` : file;
    times.set(key, (times.get(key) ?? 0) + (details?.duration_ms ?? 0));
    if (event.type === 'test:fail') failed.add(key);
  }
  const root = `${process.cwd()}/`;
  const rows = [...times.entries()].sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((sum, [, ms]) => sum + ms, 0);
  yield '\nTime per test file (sum of its top-level tests), slowest first:\n';
  for (const [file, ms] of rows) {
    const mark = failed.has(file) ? ' FAILED' : '';
    yield `${(ms / 1000).toFixed(1).padStart(7)} s  ${file.replace(root, '')}${mark}\n`;
  }
  yield `${(total / 1000).toFixed(1).padStart(7)} s  in ${rows.length} files (files run two at a time)\n`;
}

export = fileTimes;
