import { defineRoutes, IdParams } from '@coordina/platform';
import {
  EmailBody,
  LoginResponse,
  ResetPasswordBody,
  TwoFactorBody,
  TwoFactorTokens,
  VerifyEmailBody,
} from './access.dto';
import { DeviceList } from './devices.dto';
import { LoginBody, RefreshTokenBody, RegisterBody, TokenPair, UserView } from './identity.dto';

export const identityRoutes = defineRoutes('identity', [
  {
    method: 'POST',
    path: '/api/identity/register',
    auth: 'public',
    summary:
      'Create an account (role client) in a system (default instudio); emails a 6-digit verification code. MusicFest requires phone, country and birthDate. Publishes user.registered and codigo-acceso.emitido. An address that already has an account gets the same 201 (the owner is emailed instead: registro.intentado)',
    body: RegisterBody,
    response: UserView,
    status: 201,
    rateLimit: { perMinute: 100 },
  },
  {
    method: 'POST',
    path: '/api/identity/verify-email',
    auth: 'public',
    summary: 'Confirm the email address with the emailed code (15 min, single use, at most 5 wrong attempts)',
    body: VerifyEmailBody,
    status: 204,
    rateLimit: { perMinute: 30 },
  },
  {
    method: 'POST',
    path: '/api/identity/verify-email/resend',
    auth: 'public',
    summary: 'Email a new verification code (the previous one stops working); 202 whether or not the account exists',
    body: EmailBody,
    status: 202,
    rateLimit: { perMinute: 5 },
  },
  {
    method: 'POST',
    path: '/api/identity/login',
    auth: 'public',
    summary:
      "Exchange email and password for an access and a refresh token, or a 2FA challenge when the account's system requires it (MusicFest, unless a remembered deviceToken is given). The optional policy (e.g. musicfest) signs in under that system's rules too, so the token meets them (verified email, second factor). Access tokens carry amr, email_verified and the session version. Locks per system policy (423 + Retry-After); optional header x-client-country (ISO-2, set by the edge) feeds the suspicious-login check",
    body: LoginBody,
    response: LoginResponse,
    status: 200,
    rateLimit: { perMinute: 100 },
  },
  {
    method: 'POST',
    path: '/api/identity/login/2fa',
    auth: 'public',
    summary:
      'Answer a 2FA challenge with the emailed code (single use, 10 min, at most 5 wrong attempts); rememberDevice adds a 30-day deviceToken',
    body: TwoFactorBody,
    response: TwoFactorTokens,
    status: 200,
    rateLimit: { perMinute: 30 },
  },
  {
    method: 'POST',
    path: '/api/identity/refresh',
    auth: 'public',
    summary:
      'Rotate a refresh token: the old one is revoked, a new pair is issued (reusing a rotated one revokes its family)',
    body: RefreshTokenBody,
    response: TokenPair,
    status: 200,
  },
  {
    method: 'POST',
    path: '/api/identity/logout',
    auth: 'authenticated',
    summary: 'Revoke a refresh token of the caller',
    body: RefreshTokenBody,
    status: 204,
  },
  {
    method: 'POST',
    path: '/api/identity/logout-all',
    auth: 'authenticated',
    summary:
      'Sign out everywhere: revokes every refresh token of the caller and ends every access token at once (session version)',
    status: 204,
  },
  {
    method: 'POST',
    path: '/api/identity/password/forgot',
    auth: 'public',
    summary: 'Email a single-use password reset link (30 min); 202 whether or not the account exists',
    body: EmailBody,
    status: 202,
    rateLimit: { perMinute: 5 },
  },
  {
    method: 'POST',
    path: '/api/identity/password/reset',
    auth: 'public',
    summary:
      'Set a new password with the emailed token; ends every session (refresh and access tokens) and clears the lockout',
    body: ResetPasswordBody,
    status: 204,
    rateLimit: { perMinute: 30 },
  },
  {
    method: 'GET',
    path: '/api/identity/me',
    auth: 'authenticated',
    summary: 'The signed-in account',
    response: UserView,
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/identity/devices',
    auth: 'authenticated',
    summary: "The caller's remembered devices (their logins skip the 2FA code)",
    response: DeviceList,
    status: 200,
  },
  {
    method: 'DELETE',
    path: '/api/identity/devices/:id',
    auth: 'authenticated',
    summary: 'Forget one of the remembered devices: its next login asks for the emailed code again',
    params: IdParams,
    status: 204,
  },
]);
