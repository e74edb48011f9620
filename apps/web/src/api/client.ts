import createClient from 'openapi-fetch';
import type { paths } from './openapi';
import { session } from './session';

/**
 * The one API client: typed from the product's OpenAPI document (src/api/openapi.d.ts is
 * generated from docs/api/openapi.json by the build), so a changed contract fails the web
 * build. It sends the signed-in user's access token and, when that has expired, refreshes it
 * once with the refresh token and repeats the request.
 */
export const api = createClient<paths>({ baseUrl: '', fetch: (request) => withSession(request) });

async function withSession(request: Request): Promise<Response> {
  const retry = request.clone();
  const first = await fetch(authorized(request));
  if (first.status !== 401 || !session.current() || request.url.includes('/api/identity/refresh')) return first;
  if (!(await session.refresh())) return first;
  return fetch(authorized(retry));
}

function authorized(request: Request): Request {
  const token = session.current()?.accessToken;
  if (token && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
  return request;
}
