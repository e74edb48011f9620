import { RoleName } from '@coordina/platform';
import { z } from 'zod';
import { Locales, Systems } from './access.events';
import { SystemAccess, type SystemAccessName } from './system-access';

const Email = z.email().max(254);

/** ISO 3166-1 alpha-2, upper-cased; unknown regions (e.g. `ZZ`) are refused. */
export const CountryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')
  .transform((c) => c.toUpperCase())
  .refine(
    (c) =>
      !['ZZ', 'EU', 'EZ', 'UN', 'QO'].includes(c) &&
      new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' }).of(c) !== undefined,
    { message: 'unknown country code' },
  );

/** A calendar date `YYYY-MM-DD` strictly before today (UTC). */
const PastDate = z.iso
  .date()
  .refine((d) => d < new Date().toISOString().slice(0, 10), { message: 'must be a date in the past' });

/** E.164-like: an optional +, then 7 to 15 digits; spaces, dashes and parentheses are ignored. */
const Phone = z
  .string()
  .max(32)
  .transform((p) => p.replace(/[\s()-]/g, ''))
  .pipe(z.string().regex(/^\+?[1-9]\d{6,14}$/, 'must be a phone number, e.g. +51987654321'));

/**
 * Registration. The profile fields are optional here; the system's access policy decides which
 * are required (MusicFest: phone, country, birthDate), answering 400 naming the missing field.
 */
export const RegisterBody = z.object({
  email: Email,
  password: z.string().min(8, 'must be at least 8 characters').max(1024),
  name: z.string().trim().min(1).max(100),
  phone: Phone.optional(),
  country: CountryCode.optional(),
  birthDate: PastDate.optional(),
  locale: z.enum(Locales).optional(),
  system: z.enum(Systems).optional(),
});
export type RegisterBody = z.infer<typeof RegisterBody>;

export const LoginBody = z.object({
  email: Email,
  password: z.string().min(1).max(1024),
  /** A remembered-device token from an earlier `login/2fa` with rememberDevice: skips the 2FA code. */
  deviceToken: z.string().min(16).max(512).optional(),
  /** Sign in under this system's access policy as well as the account's own (e.g. an InStudio account buying MusicFest tickets). */
  policy: z.enum(Object.keys(SystemAccess) as [SystemAccessName]).optional(),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const RefreshTokenBody = z.object({
  refreshToken: z.string().min(16).max(512),
});
export type RefreshTokenBody = z.infer<typeof RefreshTokenBody>;

export const UserView = z.object({
  id: z.uuid(),
  email: z.email(),
  name: z.string(),
  roles: z.array(RoleName),
});
export type UserView = z.infer<typeof UserView>;

export const TokenPair = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int().positive(),
});
export type TokenPair = z.infer<typeof TokenPair>;
