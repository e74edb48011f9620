import { AppError, Endpoint, Input, type InputOf, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { type CanActivate, Controller, Inject, Injectable, UseGuards } from '@nestjs/common';
import type { FaultView } from '../contracts/purchase.dto';
import { ticketingRoutes } from '../contracts/ticketing.routes';
import { FaultsRepository } from '../db/faults.repository';
import { TicketingSettings } from '../ticketing.settings';

const UNTIL_CLEARED = 1_000_000;

/** Without COORDINA_TEST_FAULTS=1 the fault routes are not there: 404, before their input is read. */
@Injectable()
export class FaultsEnabled implements CanActivate {
  constructor(private readonly settings: TicketingSettings) {}

  canActivate(): boolean {
    if (!this.settings.testFaults) throw new AppError('ROUTE_NOT_FOUND', 'no such route');
    return true;
  }
}

/** TEST ONLY: the issuer's fault switch. */
@Controller()
@UseGuards(FaultsEnabled)
export class FaultsController {
  readonly #faults = new FaultsRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  @Endpoint(ticketingRoutes, 'POST /api/musicfest/faults')
  async set(@Input() { body }: InputOf<typeof ticketingRoutes, 'POST /api/musicfest/faults'>): Promise<FaultView> {
    const subject = body.purchaseId ?? body.userId;
    if (!subject || (body.purchaseId && body.userId))
      throw new AppError('VALIDATION_FAILED', 'give exactly one of purchaseId and userId', {
        errors: [{ field: 'body.purchaseId', message: 'give exactly one of purchaseId and userId' }],
      });
    const failures = body.failures ?? UNTIL_CLEARED;
    await this.#faults.set(this.ctx.db.db, subject, failures);
    return { target: 'issuer', purchaseId: subject, failures };
  }

  @Endpoint(ticketingRoutes, 'DELETE /api/musicfest/faults/:purchaseId')
  async clear(
    @Input() { params }: InputOf<typeof ticketingRoutes, 'DELETE /api/musicfest/faults/:purchaseId'>,
  ): Promise<void> {
    await this.#faults.clear(this.ctx.db.db, params.purchaseId);
  }
}
