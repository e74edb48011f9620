/**
 * The API's own rules for the access forms (services/shared/identity contracts), checked
 * before sending so a user sees them at once; the API checks them again and its field
 * messages are shown the same way.
 */
const EMAIL = /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

export type Rule = (value: string) => string | undefined;

export const rules = {
  email: (v: string) => (v.length <= 254 && EMAIL.test(v.trim()) ? undefined : 'validation.email'),
  password: (v: string) => (v.length >= 8 && v.length <= 1024 ? undefined : 'validation.password'),
  required: (v: string) => (v.trim().length > 0 ? undefined : 'validation.required'),
  name: (v: string) => (v.trim().length >= 1 && v.trim().length <= 100 ? undefined : 'validation.name'),
  code: (v: string) => (/^\d{6}$/.test(v.trim()) ? undefined : 'validation.code'),
  phone: (v: string) => (/^\+?[1-9]\d{6,14}$/.test(v.replace(/[\s-]/g, '')) ? undefined : 'validation.phone'),
  country: (v: string) => (/^[A-Za-z]{2}$/.test(v.trim()) ? undefined : 'validation.country'),
  pastDate: (v: string) =>
    /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).getTime() < Date.now()
      ? undefined
      : 'validation.pastDate',
} satisfies Record<string, Rule>;

/** The first broken rule per field (message keys for i18n). */
export function check<K extends string>(
  values: Record<K, string>,
  spec: Partial<Record<K, Rule[]>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of Object.keys(spec) as K[]) {
    for (const rule of spec[field] ?? []) {
      const broken = rule(values[field]);
      if (broken) {
        out[field] = broken;
        break;
      }
    }
  }
  return out;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a path's id can be an API id (else the page is not found without asking). */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}
