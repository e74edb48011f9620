import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { pageParam } from './Pager';

/**
 * A page's filters kept in the URL (so a search can be shared), with its page number.
 * The router shows a written URL later, in a transition that a key typed meanwhile can
 * interrupt (a render with the older URL comes in between). So `update` merges into the
 * filters as last written, not the render's params, and what was written shows at once: a
 * controlled field showing the older URL would lose the keys typed meanwhile. Only a URL this
 * page never wrote (a link, the back button) replaces what was written here. Only what is
 * set goes in the URL.
 */
export function useUrlFilters<F extends string>(filters: readonly F[]) {
  const [params, setParams] = useSearchParams();
  const [written, setWritten] = useState<Partial<Record<F, string>>>({});
  const live = useRef(params);
  /** Every URL this page wrote since the last one it did not. */
  const ours = useRef(new Set<string>());
  useEffect(() => {
    if (ours.current.has(params.toString())) return;
    ours.current.clear();
    live.current = params;
    setWritten({});
  }, [params]);
  const update = (next: Partial<Record<F | 'page', string>>) => {
    const merged: Record<string, string> = { page: String(pageParam(live.current)) };
    for (const f of filters) merged[f] = live.current.get(f) ?? '';
    Object.assign(merged, next);
    const url = new URLSearchParams(
      Object.entries(merged).filter(([k, v]) => v !== '' && !(k === 'page' && v === '1')),
    );
    live.current = url;
    ours.current.add(url.toString());
    setWritten((w) => ({ ...w, ...Object.fromEntries(filters.map((f) => [f, merged[f] ?? ''])) }));
    setParams(url, { replace: true });
  };
  return { value: (f: F) => written[f] ?? params.get(f) ?? '', page: pageParam(params), update };
}
