import { defineEvent } from '@coordina/platform';
import { z } from 'zod';

/** The systems an account belongs to; each has its own access policy (lockout, 2FA, verification). */
export const Systems = ['instudio', 'musicfest', 'gamevault', 'chat'] as const;
export type System = (typeof Systems)[number];

/** The languages users read emails in. */
export const Locales = ['es', 'en'] as const;
export type Locale = (typeof Locales)[number];

const Recipient = {
  userId: z.uuid(),
  email: z.email(),
  name: z.string(),
  locale: z.enum(Locales),
  system: z.enum(Systems),
};

/** A secret sealed for the recipient's mailbox by `MailSecrets` (AES-256-GCM), never in clear. */
const Sealed = z.string().regex(/^v1\.[A-Za-z0-9_-]+$/, 'must be a sealed mail secret');

/**
 * An emailed one-time code, sealed for the recipient's address (`MailSecrets`): only the
 * email handed to SMTP carries it in clear; identity keeps its hash. `verify_email`
 * confirms a new address; `login_2fa` is the second factor. v2: the clear `code` of v1 is gone.
 */
export const CodigoAccesoEmitido = defineEvent({
  topic: 'codigo-acceso.emitido',
  version: 2,
  key: (d) => d.userId,
  description: 'A one-time code to email (sealed for the recipient): email verification or the 2FA login code.',
  schema: z.object({
    ...Recipient,
    purpose: z.enum(['verify_email', 'login_2fa']),
    sealedCode: Sealed,
    expiresAt: z.iso.datetime({ offset: true }),
  }),
});

/** A single-use, expiring password reset link to email, sealed like the codes (v2: no clear `link`). */
export const RestablecimientoClaveSolicitado = defineEvent({
  topic: 'restablecimiento-clave.solicitado',
  version: 2,
  key: (d) => d.userId,
  description: 'A password reset link to email (sealed for the recipient; single use, expiring).',
  schema: z.object({ ...Recipient, sealedLink: Sealed, expiresAt: z.iso.datetime({ offset: true }) }),
});

/** A sign-in from a device or country the account has not used before. */
export const AccesoSospechosoDetectado = defineEvent({
  topic: 'acceso-sospechoso.detectado',
  version: 1,
  key: (d) => d.userId,
  description: 'A successful sign-in from a new device or a new country.',
  schema: z.object({
    ...Recipient,
    reasons: z.array(z.enum(['new_device', 'new_country'])).min(1),
    device: z.string().max(300),
    country: z.string().max(2).optional(),
    ip: z.string().max(64).optional(),
    at: z.iso.datetime({ offset: true }),
  }),
});

/** The account was locked after too many failed sign-ins (per its system's policy). */
export const CuentaBloqueada = defineEvent({
  topic: 'cuenta.bloqueada',
  version: 1,
  key: (d) => d.userId,
  description: "The account is locked for a while after too many failed sign-ins (its system's policy).",
  schema: z.object({ ...Recipient, failures: z.number().int().positive(), until: z.iso.datetime({ offset: true }) }),
});

/**
 * Someone tried to register an address that already has an account. Registration answers
 * exactly as for a new account (no enumeration); the owner is told by email instead.
 */
export const RegistroIntentado = defineEvent({
  topic: 'registro.intentado',
  version: 1,
  key: (d) => d.userId,
  description: 'A registration with the address of an existing account (the owner is told; the caller is not).',
  schema: z.object({ ...Recipient, at: z.iso.datetime({ offset: true }) }),
});
