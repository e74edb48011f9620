import { on, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { SalonesActualizaciones } from '../contracts/events';
import { SalonCache } from '../db/salon.cache';

/**
 * Drops cached reads of a salon when it changes. The writer also drops them after its commit;
 * this covers the other instances sharing the cache and writes this process did not make.
 */
@Injectable()
export class SalonCacheInvalidator implements OnModuleInit {
  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  onModuleInit(): void {
    const cache = new SalonCache(this.ctx.cache);
    this.ctx.bus.subscribe({
      group: 'instudio-salons.cache',
      handlers: [on(SalonesActualizaciones, (d) => cache.invalidate(d.salonId))],
    });
  }
}
