import { AppError, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { RestablecimientoClaveSolicitado } from '../contracts/access.events';
import { IdentityErrors } from '../contracts/identity.errors';
import { MailSecrets } from '../contracts/mail-secrets';
import { LockoutRepository } from '../db/lockout.repository';
import { PasswordResetsRepository } from '../db/password-resets.repository';
import { UsersRepository } from '../db/users.repository';
import { AccessPolicy } from '../domain/access.policy';
import { PasswordHasher } from '../domain/password.hasher';
import { SecretCodec } from '../domain/secret.codec';
import { assertAcceptablePassword } from './password.check';
import { recipientOf } from './recipient.mapper';
import { SessionsService } from './sessions.service';

/** Password reset by a single-use, expiring emailed link. */
@Injectable()
export class PasswordResetService {
  readonly #users = new UsersRepository();
  readonly #resets = new PasswordResetsRepository();
  readonly #lockout = new LockoutRepository();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @Inject(SecretCodec) private readonly codec: SecretCodec,
    @Inject(MailSecrets) private readonly mail: MailSecrets,
    @Inject(SessionsService) private readonly sessions: SessionsService,
  ) {}

  /** Publishes `restablecimiento-clave.solicitado` for a real account; the caller always answers 202. */
  async forgot(email: string): Promise<void> {
    const user = await this.#users.findByEmail(this.ctx.db.db, email.trim());
    if (!user) return;
    const token = this.codec.token();
    const link = `${this.ctx.config.publicUrl.replace(/\/+$/, '')}/reset-password?token=${token}`;
    await this.ctx.db.transaction(async (tx) => {
      const ttl = AccessPolicy.for(user.system).passwordResetTtlSeconds;
      const expiresAt = await this.#resets.insert(tx, user.id, this.codec.digest(token), ttl);
      await this.ctx.bus.publish(tx, RestablecimientoClaveSolicitado, {
        ...recipientOf(user),
        sealedLink: this.mail.seal(link, user.email),
        expiresAt: expiresAt.toISOString(),
      });
    });
  }

  /**
   * Consumes the token once, sets the password, clears the lockout and ends every session (decision 0027).
   * A refused password (400 naming it) leaves the link usable: the transaction rolls back.
   */
  async reset(token: string, password: string): Promise<void> {
    assertAcceptablePassword(password, '');
    const passwordHash = await this.hasher.hash(password);
    const ended = await this.ctx.db.transaction(async (tx) => {
      const userId = await this.#resets.consume(tx, this.codec.digest(token));
      if (!userId) return undefined;
      const user = await this.#users.findById(tx, userId);
      if (user) {
        assertAcceptablePassword(password, user.email);
        await this.#lockout.clear(tx, user.email.trim().toLowerCase());
      }
      await this.#users.resetPassword(tx, userId, passwordHash);
      await this.#resets.retireAll(tx, userId);
      return { userId, version: await this.sessions.endAll(tx, userId) };
    });
    if (ended) await this.sessions.announce(ended.userId, ended.version);
    else throw new AppError(IdentityErrors.INVALID_CODE, 'the reset link is invalid, expired or already used');
  }
}
