/**
 * Sign in and come back: a page that needs a session sends the user to
 * `/sign-in?next=<where they were>`, and signing in returns there. Only paths of this app are
 * followed (`/x`, never `//host` or a full URL), so the link cannot send anyone elsewhere.
 */
export function signInPath(next: string): string {
  return `/sign-in?next=${encodeURIComponent(next)}`;
}

export function returnPath(search: URLSearchParams, fallback: string): string {
  const next = search.get('next');
  return next && /^\/(?![/\\])/.test(next) ? next : fallback;
}
