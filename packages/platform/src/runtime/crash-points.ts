import { writeSync } from 'node:fs';

/**
 * TEST ONLY: the crash switch (decision 0017). Named points in the platform where a process
 * can die with SIGKILL, so tests can restart it and check what survived. Off unless
 * `COORDINA_TEST_CRASH` names a point, read once at load: a disabled point is one comparison.
 *
 * `COORDINA_TEST_CRASH=relay.after-publish` dies on the first pass through that point,
 * `relay.after-publish:3` on the third; several, comma-separated, may be armed at once.
 */
export const CRASH_POINTS = [
  /** The relay read committed outbox rows (the business commit is done) and has not published them. */
  'outbox.after-commit',
  /** The broker acknowledged the relay's append; the outbox rows are not marked published. */
  'relay.after-publish',
  /** A consumer's effects committed in the service database; the broker's offset (position) did not. */
  'consumer.after-effect',
  /** A compensation ran its first undo; the others, and the saga's COMPENSATED, did not. */
  'saga.mid-compensation',
  /**
   * Inside a group-committed batch of several items, between its statements. The platform
   * cannot see into a batch runner's transaction: the runner calls it (the crash fixture does).
   */
  'group-commit.mid-batch',
  /** A group-committed batch of several items committed; none of its callers was answered. */
  'group-commit.before-answers',
] as const;

export type CrashPointName = (typeof CRASH_POINTS)[number];

/** Armed points and the pass each dies on; undefined when the switch is off. */
const armed = parseCrashSwitch(process.env.COORDINA_TEST_CRASH);
const passes = new Map<string, number>();

/** Parses `name[:N][,name[:N]...]`; an unknown name is an error, not a silent no-op. */
export function parseCrashSwitch(value: string | undefined): ReadonlyMap<string, number> | undefined {
  if (!value) return undefined;
  const out = new Map<string, number>();
  for (const part of value.split(',')) {
    const [name = '', nth = '1'] = part.trim().split(':');
    const n = Number.parseInt(nth, 10);
    if (!(CRASH_POINTS as readonly string[]).includes(name) || !(n >= 1))
      throw new Error(
        `COORDINA_TEST_CRASH: unknown crash point or pass "${part}" (points: ${CRASH_POINTS.join(', ')})`,
      );
    out.set(name, n);
  }
  return out;
}

/** Dies here with SIGKILL if the switch names this point and this is the pass it names. */
export function crashPoint(name: CrashPointName): void {
  if (armed === undefined) return;
  const nth = armed.get(name);
  if (nth === undefined) return;
  const pass = (passes.get(name) ?? 0) + 1;
  passes.set(name, pass);
  if (pass !== nth) return;
  // Synchronous, so the line is out before the signal; tests read it to know where it died.
  writeSync(2, `coordina crash point ${name} (pass ${pass}): SIGKILL\n`);
  process.kill(process.pid, 'SIGKILL');
}
