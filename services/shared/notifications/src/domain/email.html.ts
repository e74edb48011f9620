const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` with every HTML-significant character escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/**
 * The HTML part of a plain-text email: paragraphs and line breaks kept, everything else
 * escaped, so user-written text (names, devices) can never become markup or a link. Pure.
 */
export function emailHtml(text: string): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replaceAll('\n', '<br>')}</p>`)
    .join('\n');
  return `<!doctype html><html><body>\n${paragraphs}\n</body></html>`;
}
