import { type AuthUser, CurrentUser, Endpoint, Input, type InputOf } from '@coordina/platform';
import { Controller, Headers, Ip } from '@nestjs/common';
import type { LoginResponse, TwoFactorTokens } from '../contracts/access.dto';
import type { TokenPair, UserView } from '../contracts/identity.dto';
import { identityRoutes } from '../contracts/identity.routes';
import { AccountsService } from './accounts.service';
import { ClientInfo } from './client.info';
import { LoginService } from './login.service';
import { SessionsService } from './sessions.service';

@Controller()
export class IdentityController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly logins: LoginService,
    private readonly sessions: SessionsService,
  ) {}

  @Endpoint(identityRoutes, 'POST /api/identity/register')
  register(@Input() { body }: InputOf<typeof identityRoutes, 'POST /api/identity/register'>): Promise<UserView> {
    return this.accounts.register(body);
  }

  @Endpoint(identityRoutes, 'POST /api/identity/login')
  login(
    @Input() { body }: InputOf<typeof identityRoutes, 'POST /api/identity/login'>,
    @Headers('user-agent') userAgent: unknown,
    @Headers('x-client-country') country: unknown,
    @Ip() ip: unknown,
  ): Promise<LoginResponse> {
    return this.logins.login(body, ClientInfo.from(userAgent, country, ip));
  }

  @Endpoint(identityRoutes, 'POST /api/identity/login/2fa')
  twoFactor(
    @Input() { body }: InputOf<typeof identityRoutes, 'POST /api/identity/login/2fa'>,
    @Headers('user-agent') userAgent: unknown,
    @Headers('x-client-country') country: unknown,
    @Ip() ip: unknown,
  ): Promise<TwoFactorTokens> {
    return this.logins.completeTwoFactor(body, ClientInfo.from(userAgent, country, ip));
  }

  @Endpoint(identityRoutes, 'POST /api/identity/refresh')
  refresh(@Input() { body }: InputOf<typeof identityRoutes, 'POST /api/identity/refresh'>): Promise<TokenPair> {
    return this.sessions.refresh(body.refreshToken);
  }

  @Endpoint(identityRoutes, 'POST /api/identity/logout')
  async logout(
    @Input() { body }: InputOf<typeof identityRoutes, 'POST /api/identity/logout'>,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    await this.sessions.logout(user.id, body.refreshToken);
  }

  @Endpoint(identityRoutes, 'POST /api/identity/logout-all')
  async logoutAll(@CurrentUser() user: AuthUser): Promise<void> {
    await this.sessions.logoutAll(user.id);
  }

  @Endpoint(identityRoutes, 'GET /api/identity/me')
  me(@CurrentUser() user: AuthUser): Promise<UserView> {
    return this.accounts.me(user.id);
  }
}
