import { availableParallelism } from 'node:os';

/**
 * How much slower than a quiet developer machine this one may be. Readiness waits and
 * "eventually" deadlines are multiplied by it, so a loaded 2-core CI machine gets more
 * time instead of a red run. `COORDINA_TEST_TIME_SCALE` overrides it (e.g. 5 under heavy
 * load); by default 3 on two cores or fewer, 2 on four, 1 above.
 *
 * A budget is a deadline for a condition, never an assertion about speed: durations are
 * measured by `npm run bench`.
 */
export function timeScale(): number {
  const fromEnv = Number(process.env.COORDINA_TEST_TIME_SCALE);
  if (Number.isFinite(fromEnv) && fromEnv > 0) return fromEnv;
  const cpus = availableParallelism();
  return cpus <= 2 ? 3 : cpus <= 4 ? 2 : 1;
}

/** `ms` scaled to this machine (see `timeScale`). */
export function budget(ms: number): number {
  return Math.round(ms * timeScale());
}
