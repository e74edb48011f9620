import { AppError, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { IdentityErrors } from '../contracts/identity.errors';
import { AccessCodesRepository } from '../db/access-codes.repository';
import { UsersRepository } from '../db/users.repository';
import { AccessCodeIssuer } from './access-code.issuer';

/** Email verification with the emailed code, and resending it (without revealing accounts). */
@Injectable()
export class VerificationService {
  readonly #users = new UsersRepository();
  readonly #codes = new AccessCodesRepository();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    @Inject(AccessCodeIssuer) private readonly issuer: AccessCodeIssuer,
  ) {}

  /** Checks the newest live code; a wrong one counts as an attempt (5 at most), even when refused. */
  async verify(email: string, code: string): Promise<void> {
    const user = await this.#users.findByEmail(this.ctx.db.db, email.trim());
    const ok = await this.ctx.db.transaction(async (tx) => {
      if (!user) return false;
      const id = await this.#codes.latestLive(tx, user.id, 'verify_email');
      if (!id || !(await this.issuer.check(tx, id, user.id, 'verify_email', code))) return false;
      await this.#users.markEmailVerified(tx, user.id);
      return true;
    });
    if (!ok) throw new AppError(IdentityErrors.INVALID_CODE, 'the code is wrong, expired or already used');
  }

  /** Emails a new code (earlier ones stop working) to an unverified account; silent otherwise. */
  async resend(email: string): Promise<void> {
    const user = await this.#users.findByEmail(this.ctx.db.db, email.trim());
    if (!user || user.emailVerified) return;
    await this.ctx.db.transaction(async (tx) => {
      await this.#codes.retire(tx, user.id, 'verify_email');
      await this.issuer.issue(tx, user, 'verify_email');
    });
  }
}
