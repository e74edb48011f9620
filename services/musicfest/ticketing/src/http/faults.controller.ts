import { AppError, SERVICE_CONTEXT, type ServiceContext, validationError } from '@coordina/platform';
import { Body, Controller, Delete, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { FaultBody, FaultParams, type FaultView } from '../contracts/purchase.dto';
import { FaultsRepository } from '../db/faults.repository';
import { TicketingSettings } from '../ticketing.settings';

const UNTIL_CLEARED = 1_000_000;

/** TEST ONLY: the issuer's fault switch. Without COORDINA_TEST_FAULTS=1 it is not there (404). */
@Controller('api/musicfest/faults')
export class FaultsController {
  readonly #faults = new FaultsRepository();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly settings: TicketingSettings,
  ) {}

  @Post()
  @HttpCode(200)
  async set(@Body() raw: unknown): Promise<FaultView> {
    this.#enabled();
    const parsed = FaultBody.safeParse(raw);
    if (!parsed.success) throw validationError(parsed.error, 'body');
    const body = parsed.data;
    const subject = body.purchaseId ?? body.userId;
    if (!subject || (body.purchaseId && body.userId))
      throw new AppError('VALIDATION_FAILED', 'give exactly one of purchaseId and userId', {
        errors: [{ field: 'body.purchaseId', message: 'give exactly one of purchaseId and userId' }],
      });
    const failures = body.failures ?? UNTIL_CLEARED;
    await this.#faults.set(this.ctx.db.db, subject, failures);
    return { target: 'issuer', purchaseId: subject, failures };
  }

  @Delete(':purchaseId')
  @HttpCode(204)
  async clear(@Param() raw: unknown): Promise<void> {
    this.#enabled();
    const parsed = FaultParams.safeParse(raw);
    if (!parsed.success) throw validationError(parsed.error, 'params');
    await this.#faults.clear(this.ctx.db.db, parsed.data.purchaseId);
  }

  #enabled(): void {
    if (!this.settings.testFaults) throw new AppError('ROUTE_NOT_FOUND', 'no such route');
  }
}
