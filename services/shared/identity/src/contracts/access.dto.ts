import { z } from 'zod';
import { TokenPair } from './identity.dto';

const Email = z.email().max(254);
const SixDigits = z.string().regex(/^\d{6}$/, 'must be the 6-digit code');

/** Login where the system's policy asks for a second factor: the code was emailed. */
export const TwoFactorChallenge = z.object({
  twoFactorRequired: z.literal(true),
  challengeId: z.uuid(),
  /** Seconds until the emailed code expires. */
  expiresIn: z.number().int().positive(),
});
export type TwoFactorChallenge = z.infer<typeof TwoFactorChallenge>;

/** `POST /api/identity/login`: the token pair, or a 2FA challenge when the policy requires it. */
export const LoginResponse = z.union([TokenPair, TwoFactorChallenge]);
export type LoginResponse = z.infer<typeof LoginResponse>;

export const TwoFactorBody = z.object({
  challengeId: z.uuid(),
  code: SixDigits,
  /** Remember this device for 30 days: later logins with its `deviceToken` skip the code. */
  rememberDevice: z.boolean().optional(),
  deviceName: z.string().trim().min(1).max(100).optional(),
});
export type TwoFactorBody = z.infer<typeof TwoFactorBody>;

/** The token pair, plus the remembered-device token when `rememberDevice` was asked. */
export const TwoFactorTokens = TokenPair.extend({
  deviceToken: z.string().optional(),
});
export type TwoFactorTokens = z.infer<typeof TwoFactorTokens>;

export const VerifyEmailBody = z.object({ email: Email, code: SixDigits });
export type VerifyEmailBody = z.infer<typeof VerifyEmailBody>;

export const EmailBody = z.object({ email: Email });
export type EmailBody = z.infer<typeof EmailBody>;

export const ResetPasswordBody = z.object({
  token: z.string().min(16).max(128),
  password: z.string().min(8, 'must be at least 8 characters').max(1024),
});
export type ResetPasswordBody = z.infer<typeof ResetPasswordBody>;
