/** A self-contained API reference page rendered from the OpenAPI document (no CDN needed). */
export function docsPage(openapi: Record<string, unknown>): string {
  const paths = (openapi.paths ?? {}) as Record<
    string,
    Record<string, { summary?: string; tags?: string[]; 'x-roles'?: string[]; security?: unknown[] }>
  >;
  const rows: string[] = [];
  for (const [path, ops] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const auth = op['x-roles']?.join(', ') ?? (op.security?.length ? 'signed in' : 'public');
      rows.push(
        `<tr><td>${esc(op.tags?.[0] ?? '')}</td><td><code>${method.toUpperCase()}</code></td><td><code>${esc(path)}</code></td><td>${esc(op.summary ?? '')}</td><td>${esc(auth)}</td></tr>`,
      );
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Coordina API</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:left}</style>
</head><body><h1>Coordina API</h1><p>Machine-readable: <a href="/docs/openapi.json">OpenAPI</a> · <a href="/docs/asyncapi.json">AsyncAPI</a>.
Errors are <code>application/problem+json</code> (RFC 9457) with a string <code>code</code>.</p>
<table><thead><tr><th>service</th><th>method</th><th>path</th><th>summary</th><th>who</th></tr></thead><tbody>${rows.join('')}</tbody></table></body></html>`;
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
