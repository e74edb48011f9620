/** The signed-in user's tokens, kept in this browser (localStorage) across reloads. */
export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

const KEY = 'coordina.session';
const DEVICE_KEY = 'coordina.device.';
type Listener = () => void;
const listeners = new Set<Listener>();

function read(): Tokens | undefined {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Tokens) : undefined;
  } catch {
    return undefined;
  }
}

let refreshing: Promise<boolean> | undefined;

export const session = {
  current: read,
  set(tokens: Tokens | undefined): void {
    if (tokens) localStorage.setItem(KEY, JSON.stringify(tokens));
    else localStorage.removeItem(KEY);
    for (const l of listeners) l();
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** A remembered device's token for this email (it skips the emailed code for 30 days). */
  deviceToken(email: string): string | undefined {
    return localStorage.getItem(DEVICE_KEY + email.trim().toLowerCase()) ?? undefined;
  },
  rememberDevice(email: string, token: string): void {
    localStorage.setItem(DEVICE_KEY + email.trim().toLowerCase(), token);
  },
  /** Trades the refresh token for new tokens; signs out when it is no longer valid. */
  refresh(): Promise<boolean> {
    refreshing ??= (async () => {
      const refreshToken = read()?.refreshToken;
      if (!refreshToken) return false;
      const res = await fetch('/api/identity/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken }),
      });
      if (!res.ok) {
        session.set(undefined);
        return false;
      }
      const body = (await res.json()) as Tokens;
      session.set({ accessToken: body.accessToken, refreshToken: body.refreshToken });
      return true;
    })().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  },
};
