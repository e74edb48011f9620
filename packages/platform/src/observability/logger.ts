import pino from 'pino';
import { currentContext } from './request-context';

export type Logger = pino.Logger;

/**
 * Structured JSON logs; every line carries the current request id and traceparent. To standard
 * output, or appended to `file` (its directory made when missing).
 */
export function createLogger(options: { level?: string; name?: string; file?: string } = {}): Logger {
  return pino(
    {
      name: options.name ?? 'coordina',
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      mixin() {
        const ctx = currentContext();
        return ctx ? { requestId: ctx.requestId, traceparent: ctx.traceparent } : {};
      },
    },
    options.file ? pino.destination({ dest: options.file, mkdir: true, sync: true }) : undefined,
  );
}
