import { randomUUID } from 'node:crypto';
import { AppError, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { RegistroIntentado } from '../contracts/access.events';
import { UserRegistered } from '../contracts/events';
import type { RegisterBody, UserView } from '../contracts/identity.dto';
import type { UserRecord } from '../db/user.record';
import { UsersRepository } from '../db/users.repository';
import { AccessPolicy } from '../domain/access.policy';
import { PasswordHasher } from '../domain/password.hasher';
import { AccessCodeIssuer } from './access-code.issuer';
import { assertAcceptablePassword } from './password.check';
import { recipientOf } from './recipient.mapper';

export function toUserView(u: UserRecord): UserView {
  return { id: u.id, email: u.email, name: u.name, roles: u.roles };
}

/** Registration and account reads. */
@Injectable()
export class AccountsService {
  readonly #users = new UsersRepository();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @Inject(AccessCodeIssuer) private readonly codes: AccessCodeIssuer,
  ) {}

  /**
   * Creates a client account in its system, emails a verification code and announces the
   * account, in one transaction. A taken email answers exactly the same (201 with a view of
   * the would-be account, after the same password hashing and one transaction) and its owner
   * is emailed instead: registration never tells whether an address has an account. The
   * system's policy names the profile fields it requires (400 naming each missing one).
   */
  async register(body: RegisterBody): Promise<UserView> {
    const system = body.system ?? 'instudio';
    const missing = AccessPolicy.for(system).missingProfile(body);
    if (missing.length > 0) {
      throw new AppError('VALIDATION_FAILED', `${system} accounts require ${missing.join(', ')}`, {
        errors: missing.map((f) => ({ field: `body.${f}`, message: `required for ${system} accounts` })),
      });
    }
    assertAcceptablePassword(body.password, body.email);
    const user: UserRecord = {
      id: randomUUID(),
      email: body.email.trim(),
      name: body.name,
      passwordHash: await this.hasher.hash(body.password),
      roles: ['client'],
      system,
      locale: body.locale ?? 'es',
      phone: body.phone,
      country: body.country,
      birthDate: body.birthDate,
      emailVerified: false,
    };
    await this.ctx.db.transaction(async (tx) => {
      if (!(await this.#users.insert(tx, user))) {
        const owner = await this.#users.findByEmail(tx, user.email);
        if (owner) {
          await this.ctx.bus.publish(tx, RegistroIntentado, {
            ...recipientOf(owner),
            at: new Date().toISOString(),
          });
        }
        return;
      }
      await this.ctx.bus.publish(tx, UserRegistered, {
        userId: user.id,
        email: user.email,
        name: user.name,
        roles: user.roles,
        registeredAt: new Date().toISOString(),
        locale: user.locale,
        system: user.system,
        ...(user.phone ? { phone: user.phone } : {}),
        ...(user.country ? { country: user.country } : {}),
      });
      await this.codes.issue(tx, user, 'verify_email');
    });
    return toUserView(user);
  }

  async me(userId: string): Promise<UserView> {
    const user = await this.#users.findById(this.ctx.db.db, userId);
    if (!user) throw new AppError('NOT_FOUND', 'account not found');
    return toUserView(user);
  }
}
