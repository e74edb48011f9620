import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { pageParam } from './Pager';

/**
 * A page's filters kept in the URL (so a search can be shared), with its page number.
 * The URL changes after the render that follows, so two changes in a row (fast typing,
 * clearing two fields on a busy machine) must not be built on the render's older params:
 * `update` merges into the filters as last written, and what was just written shows at once
 * (a controlled field showing the older URL would lose the key typed meanwhile). A change of
 * the URL from elsewhere (back, a link) wins over what was written here. Only what is set goes
 * in the URL.
 */
export function useUrlFilters<F extends string>(filters: readonly F[]) {
  const [params, setParams] = useSearchParams();
  const [written, setWritten] = useState<Partial<Record<F, string>>>({});
  const seen = useRef(params);
  const live = useRef(params);
  /** URLs written here that the router has not shown yet, oldest first (it may show them late, one by one). */
  const pending = useRef<string[]>([]);
  if (seen.current !== params) {
    seen.current = params;
    const at = pending.current.indexOf(params.toString());
    if (at >= 0) pending.current.splice(0, at + 1);
    else {
      // Changed elsewhere (back, a link): that wins over what was written here.
      pending.current = [];
      live.current = params;
      if (Object.keys(written).length > 0) setWritten({});
    }
  }
  const update = (next: Partial<Record<F | 'page', string>>) => {
    const merged: Record<string, string> = { page: String(pageParam(live.current)) };
    for (const f of filters) merged[f] = live.current.get(f) ?? '';
    Object.assign(merged, next);
    const url = new URLSearchParams(
      Object.entries(merged).filter(([k, v]) => v !== '' && !(k === 'page' && v === '1')),
    );
    live.current = url;
    pending.current.push(url.toString());
    setWritten((w) => ({ ...w, ...Object.fromEntries(filters.map((f) => [f, merged[f] ?? ''])) }));
    setParams(url, { replace: true });
  };
  return {
    value: (f: F) => written[f] ?? params.get(f) ?? '',
    page: pageParam(params),
    update,
  };
}
