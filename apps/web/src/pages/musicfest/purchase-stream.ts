import { createParser } from 'eventsource-parser';
import { useEffect } from 'react';
import { api } from '../../api/client';
import type { Purchase } from './purchase';

const FINAL = new Set(['COMPLETED', 'CANCELLED', 'EXPIRED']);

/**
 * Follows a purchase's Server-Sent Events stream (GET /api/musicfest/purchases/{id}/stream):
 * `onView` gets the purchase now and after every change, until a final status. The browser's
 * EventSource cannot send the Bearer token (decision 0051), so the stream is read through the
 * typed client (which also refreshes an expired token) and parsed with eventsource-parser.
 * Like EventSource, it reconnects after a dropped connection (after the server's `retry:`).
 */
export function usePurchaseStream(id: string, enabled: boolean, onView: (view: Purchase) => void): void {
  useEffect(() => {
    if (!enabled) return;
    const abort = new AbortController();
    void follow(id, abort.signal, onView);
    return () => abort.abort();
  }, [id, enabled, onView]);
}

async function follow(id: string, signal: AbortSignal, onView: (view: Purchase) => void): Promise<void> {
  let delay = 2_000;
  let final = false;
  const parser = createParser({
    onEvent: (message) => {
      if (message.event !== 'purchase') return;
      const view = JSON.parse(message.data) as Purchase;
      final = FINAL.has(view.status);
      onView(view);
    },
    onRetry: (ms) => {
      delay = ms;
    },
  });
  while (!signal.aborted && !final) {
    try {
      const { data, response } = await api.GET('/api/musicfest/purchases/{id}/stream', {
        params: { path: { id } },
        headers: { accept: 'text/event-stream' },
        parseAs: 'stream',
        signal,
      });
      // A refusal (not found, not yours, signed out) will not change by asking again.
      if (!response.ok || !data) return;
      parser.reset();
      const reader = data.pipeThrough(new TextDecoderStream()).getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) parser.feed(chunk.value);
    } catch {
      // A dropped connection: try again below, unless the page went away.
    }
    if (!signal.aborted && !final) await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
