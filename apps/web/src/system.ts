import { useSyncExternalStore } from 'react';

/** The systems this app has pages for; GameVault and Chat join with their own issues. */
export const SYSTEMS = ['instudio', 'musicfest'] as const;
export type System = (typeof SYSTEMS)[number];

const KEY = 'coordina.system';
const listeners = new Set<() => void>();

function read(): System {
  const saved = localStorage.getItem(KEY);
  return saved === 'musicfest' ? 'musicfest' : 'instudio';
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
