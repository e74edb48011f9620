/**
 * Where a service's instances are, in the order to try them. `RedisDiscovery` is the one the
 * distributed topology uses; `StaticInstances` names fixed URLs (a test's stand-in server, or a
 * deployment whose platform gives each service one stable address).
 */
export interface InstanceLocator {
  /** Base URLs (`http://host:port`) of the service's instances, the one to try first first. */
  candidates(service: string): Promise<string[]>;
  /** A connection to this instance was refused: try the others first for a while. */
  markDown(url: string): void;
}

export class StaticInstances implements InstanceLocator {
  constructor(private readonly urls: Readonly<Record<string, readonly string[]>>) {}

  async candidates(service: string): Promise<string[]> {
    return [...(this.urls[service] ?? [])];
  }

  markDown(): void {
    // Fixed addresses: nothing to learn.
  }
}

/** Whether a request failed because nothing listens at the address (safe to send elsewhere). */
export function connectionRefused(err: unknown): boolean {
  return /ECONNREFUSED|EHOSTUNREACH/.test(String((err as { cause?: unknown })?.cause ?? err));
}
