import { z } from 'zod';

/** What a manifest's `settings` holds: a zod schema from environment variables to typed settings. */
export interface SettingsSource {
  readonly schema: z.ZodType<object>;
}

/**
 * A service's settings as a class: `class ShopSettings extends Settings(schema) {}`. The
 * class is the Nest injection token (the service's index.ts provides `ctx.settings` under it)
 * and its instance type is the schema's output. `schema` is keyed by environment variable
 * names; `parse(env)` runs it alone (unit tests). The boot parses every service's schema at
 * once (`loadServiceSettings`), so the service never reads process.env itself.
 */
export function Settings<S extends z.ZodType<object>>(
  schema: S,
): { new (): z.output<S>; readonly schema: S; parse(env: NodeJS.ProcessEnv): z.output<S> } {
  return class {
    static readonly schema = schema;
    static parse(env: NodeJS.ProcessEnv): z.output<S> {
      return schema.parse(env);
    }
  } as never;
}

const blankIsUnset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** An integer environment variable (blank is unset): `envInt({ min: 0, default: 60 })`. */
export function envInt(o: { min?: number; default: number }) {
  return z.preprocess(
    blankIsUnset,
    z.coerce
      .number()
      .int()
      .min(o.min ?? Number.MIN_SAFE_INTEGER)
      .default(o.default),
  );
}

/** A finite number environment variable (blank is unset). */
export function envNumber(o: { min?: number; default: number }) {
  return z.preprocess(
    blankIsUnset,
    z.coerce
      .number()
      .min(o.min ?? -Infinity)
      .default(o.default),
  );
}

/** A switch: `1`/`true` on, `0`/`false` or unset off; anything else is refused. */
export function envFlag() {
  return z
    .preprocess(blankIsUnset, z.enum(['0', '1', 'false', 'true']).default('0'))
    .transform((v) => v === '1' || v === 'true');
}

/** The start refused: every bad environment variable of every service, one line each. */
export class SettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid settings (${problems.length}):\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'SettingsError';
    // Printed as is by the CLI: the list is the whole story, a stack would bury it.
    this.stack = `${this.name}: ${this.message}`;
  }
}

/**
 * Parses every service's settings from `env` in one go: the services' settings by service
 * name, or a SettingsError listing every bad variable of every service at once (never the
 * values, which may be secrets).
 */
export function loadServiceSettings(
  services: readonly { readonly name: string; readonly settings?: SettingsSource }[],
  env: NodeJS.ProcessEnv,
): ReadonlyMap<string, unknown> {
  const values = new Map<string, unknown>();
  const problems = new Set<string>();
  for (const service of services) {
    if (!service.settings) {
      values.set(service.name, {});
      continue;
    }
    const parsed = service.settings.schema.safeParse(env);
    if (parsed.success) values.set(service.name, parsed.data);
    else
      for (const issue of parsed.error.issues)
        problems.add(`${issue.path.join('.') || '(environment)'} (${service.name}): ${issue.message}`);
  }
  if (problems.size > 0) throw new SettingsError([...problems]);
  return values;
}
