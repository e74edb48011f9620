import { defineRoutes } from '@coordina/platform';
import { LoginBody, RefreshTokenBody, RegisterBody, TokenPair, UserView } from './identity.dto';

export const identityRoutes = defineRoutes('identity', [
  {
    method: 'POST',
    path: '/api/identity/register',
    auth: 'public',
    summary: 'Create an account (role client); publishes user.registered',
    body: RegisterBody,
    response: UserView,
    status: 201,
    rateLimit: { perMinute: 100 },
  },
  {
    method: 'POST',
    path: '/api/identity/login',
    auth: 'public',
    summary: 'Exchange email and password for an access and a refresh token (locks after 5 failures in 5 minutes)',
    body: LoginBody,
    response: TokenPair,
    status: 200,
    rateLimit: { perMinute: 100 },
  },
  {
    method: 'POST',
    path: '/api/identity/refresh',
    auth: 'public',
    summary: 'Rotate a refresh token: the old one is revoked, a new pair is issued',
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
    method: 'GET',
    path: '/api/identity/me',
    auth: 'authenticated',
    summary: 'The signed-in account',
    response: UserView,
    status: 200,
  },
]);
