import { useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { api } from './client';
import { session } from './session';

/** Whether this browser holds a session (re-renders when it signs in or out). */
export function useSignedIn(): boolean {
  return useSyncExternalStore(session.subscribe, () => session.current() !== undefined);
}

/** The signed-in user (GET /api/identity/me), or undefined when signed out. */
export function useMe() {
  const signedIn = useSignedIn();
  return useQuery({
    queryKey: ['me', signedIn],
    enabled: signedIn,
    queryFn: async () => {
      const { data, error } = await api.GET('/api/identity/me');
      if (error) throw error;
      return data;
    },
  });
}
