import { Endpoint, Input, type InputOf } from '@coordina/platform';
import { Controller } from '@nestjs/common';
import { identityRoutes } from '../contracts/identity.routes';
import { PasswordResetService } from './password-reset.service';
import { VerificationService } from './verification.service';

/**
 * The shortest time a resend or forgot answer takes: an unknown address does no work, a real
 * one a transaction, so both answer no sooner than this and timing does not tell them apart.
 */
const ANSWER_FLOOR_MS = 250;

async function atLeast<T>(ms: number, work: Promise<T>): Promise<T> {
  const [value] = await Promise.all([work, new Promise((r) => setTimeout(r, ms))]);
  return value;
}

/** Email verification and password reset; the 202 answers never reveal whether an account exists. */
@Controller()
export class AccessController {
  constructor(
    private readonly verification: VerificationService,
    private readonly resets: PasswordResetService,
  ) {}

  @Endpoint(identityRoutes, 'POST /api/identity/verify-email')
  async verify(@Input() { body }: InputOf<typeof identityRoutes, 'POST /api/identity/verify-email'>): Promise<void> {
    await this.verification.verify(body.email, body.code);
  }

  @Endpoint(identityRoutes, 'POST /api/identity/verify-email/resend')
  async resend(
    @Input() { body }: InputOf<typeof identityRoutes, 'POST /api/identity/verify-email/resend'>,
  ): Promise<void> {
    await atLeast(ANSWER_FLOOR_MS, this.verification.resend(body.email));
  }

  @Endpoint(identityRoutes, 'POST /api/identity/password/forgot')
  async forgot(@Input() { body }: InputOf<typeof identityRoutes, 'POST /api/identity/password/forgot'>): Promise<void> {
    await atLeast(ANSWER_FLOOR_MS, this.resets.forgot(body.email));
  }

  @Endpoint(identityRoutes, 'POST /api/identity/password/reset')
  async reset(@Input() { body }: InputOf<typeof identityRoutes, 'POST /api/identity/password/reset'>): Promise<void> {
    await this.resets.reset(body.token, body.password);
  }
}
