import { zod } from '@coordina/platform';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { EmailBody, ResetPasswordBody, VerifyEmailBody } from '../contracts/access.dto';
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
@Controller('api/identity')
export class AccessController {
  constructor(
    private readonly verification: VerificationService,
    private readonly resets: PasswordResetService,
  ) {}

  @Post('verify-email')
  @HttpCode(204)
  async verify(@Body(zod(VerifyEmailBody)) body: VerifyEmailBody): Promise<void> {
    await this.verification.verify(body.email, body.code);
  }

  @Post('verify-email/resend')
  @HttpCode(202)
  async resend(@Body(zod(EmailBody)) body: EmailBody): Promise<void> {
    await atLeast(ANSWER_FLOOR_MS, this.verification.resend(body.email));
  }

  @Post('password/forgot')
  @HttpCode(202)
  async forgot(@Body(zod(EmailBody)) body: EmailBody): Promise<void> {
    await atLeast(ANSWER_FLOOR_MS, this.resets.forgot(body.email));
  }

  @Post('password/reset')
  @HttpCode(204)
  async reset(@Body(zod(ResetPasswordBody)) body: ResetPasswordBody): Promise<void> {
    await this.resets.reset(body.token, body.password);
  }
}
