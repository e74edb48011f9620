import { randomUUID } from 'node:crypto';
import { type Db, SERVICE_CONTEXT, type ServiceContext, type Tx } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { CodigoAccesoEmitido } from '../contracts/access.events';
import { MailSecrets } from '../contracts/mail-secrets';
import { AccessCodesRepository, type CodePurpose } from '../db/access-codes.repository';
import type { UserRecord } from '../db/user.record';
import { AccessPolicy } from '../domain/access.policy';
import { SecretCodec } from '../domain/secret.codec';
import { recipientOf } from './recipient.mapper';

/** Issues emailed 6-digit codes (stored as HMAC, published sealed for the recipient's mailbox) and checks them. */
@Injectable()
export class AccessCodeIssuer {
  readonly #codes = new AccessCodesRepository();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    @Inject(SecretCodec) private readonly codec: SecretCodec,
    @Inject(MailSecrets) private readonly mail: MailSecrets,
  ) {}

  /** Stores a new code and publishes `codigo-acceso.emitido`, in the caller's transaction. */
  async issue(tx: Tx, user: UserRecord, purpose: CodePurpose): Promise<{ id: string; ttlSeconds: number }> {
    const policy = AccessPolicy.for(user.system);
    const id = randomUUID();
    const code = this.codec.sixDigits();
    const ttlSeconds = policy.codeTtlSeconds[purpose];
    const expiresAt = await this.#codes.insert(tx, {
      id,
      userId: user.id,
      purpose,
      codeHash: this.codec.codeHash(user.id, purpose, code),
      ttlSeconds,
      maxAttempts: policy.maxCodeAttempts,
    });
    await this.ctx.bus.publish(tx, CodigoAccesoEmitido, {
      ...recipientOf(user),
      purpose,
      sealedCode: this.mail.seal(code, user.email),
      expiresAt: expiresAt.toISOString(),
    });
    return { id, ttlSeconds };
  }

  /** Who a code was issued to. */
  ownerOf(q: Db, id: string, purpose: CodePurpose): Promise<string | undefined> {
    return this.#codes.owner(q, id, purpose);
  }

  /** One attempt at code `id` of `userId`: true when right (the code is then used up). */
  async check(tx: Tx, id: string, userId: string, purpose: CodePurpose, code: string): Promise<boolean> {
    return (await this.#codes.attempt(tx, id, this.codec.codeHash(userId, purpose, code))) === userId;
  }
}
