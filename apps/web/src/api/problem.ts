/** An RFC 9457 problem+json answer, as the API sends them. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: { field: string; message: string }[];
}

/** Field messages by form field: `body.email` is the form's `email`. */
export type FieldErrors = Record<string, string>;

export function fieldErrors(problem: Problem | undefined): FieldErrors {
  const out: FieldErrors = {};
  for (const e of problem?.errors ?? []) {
    const field = e.field.replace(/^(body|query|params)\./, '');
    out[field] ??= e.message;
  }
  // A conflict may name its field in the detail instead ("body.ticketTypes.0.quantity: …").
  const named = problem?.errors?.length ? null : /^(?:body|query|params)\.([\w.]+): (.+)$/s.exec(problem?.detail ?? '');
  if (named?.[1] && named[2]) out[named[1]] = named[2];
  return out;
}

/** What to say above the form: the problem's detail, else its title. */
export function problemMessage(problem: Problem | undefined, fallback: string): string {
  return problem?.detail ?? problem?.title ?? fallback;
}

/** Narrows an openapi-fetch `error` (typed by the contract as unknown) to a problem. */
export function asProblem(error: unknown): Problem | undefined {
  return error && typeof error === 'object' ? (error as Problem) : undefined;
}
