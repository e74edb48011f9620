/**
 * The locales a campaign's `locales` may name to reach a user with this locale: the tag itself
 * and its language (`es-pe` → `es-pe`, `es`), lower case. None without a locale.
 */
export function localeKeys(locale: string | null | undefined): string[] {
  if (!locale) return [];
  const tag = locale.toLowerCase();
  const language = tag.split('-')[0] as string;
  return language === tag ? [tag] : [tag, language];
}

/**
 * The preferred language tag of an Accept-Language header (the highest q, the first of equals),
 * lower case; undefined when it names none (absent, `*`, or malformed).
 */
export function preferredLocale(header: string | undefined): string | undefined {
  if (!header) return undefined;
  let best: { tag: string; q: number } | undefined;
  for (const part of header.split(',').slice(0, 20)) {
    const [rawTag, ...params] = part.trim().split(';');
    const tag = (rawTag ?? '').trim().toLowerCase();
    if (!/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/.test(tag)) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { tag, q };
  }
  return best?.tag;
}
