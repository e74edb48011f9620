import { useSyncExternalStore } from 'react';

/** The systems this app has pages for; Chat joins with its own issue. */
export const SYSTEMS = ['instudio', 'musicfest', 'gamevault'] as const;
export type System = (typeof SYSTEMS)[number];

const KEY = 'coordina.system';
const listeners = new Set<() => void>();

function read(): System {
  const saved = localStorage.getItem(KEY);
  return SYSTEMS.find((s) => s === saved) ?? 'instudio';
}

export function setSystem(system: System): void {
  localStorage.setItem(KEY, system);
  for (const l of listeners) l();
}

/** The system the user is using: it picks the home page and the sign-in and sign-up policy. */
export function useSystem(): System {
  return useSyncExternalStore((l) => {
    listeners.add(l);
    return () => listeners.delete(l);
  }, read);
}
