import { type AuthUser, CurrentUser, zod } from '@coordina/platform';
import { Body, Controller, Get, Headers, HttpCode, Ip, Post } from '@nestjs/common';
import { type LoginResponse, TwoFactorBody, type TwoFactorTokens } from '../contracts/access.dto';
import { LoginBody, RefreshTokenBody, RegisterBody, type TokenPair, type UserView } from '../contracts/identity.dto';
import { AccountsService } from './accounts.service';
import { ClientInfo } from './client.info';
import { LoginService } from './login.service';
import { SessionsService } from './sessions.service';

@Controller('api/identity')
export class IdentityController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly logins: LoginService,
    private readonly sessions: SessionsService,
  ) {}

  @Post('register')
  @HttpCode(201)
  register(@Body(zod(RegisterBody)) body: RegisterBody): Promise<UserView> {
    return this.accounts.register(body);
  }

  @Post('login')
  @HttpCode(200)
  login(
    @Body(zod(LoginBody)) body: LoginBody,
    @Headers('user-agent') userAgent: unknown,
    @Headers('x-client-country') country: unknown,
    @Ip() ip: unknown,
  ): Promise<LoginResponse> {
    return this.logins.login(body, ClientInfo.from(userAgent, country, ip));
  }

  @Post('login/2fa')
  @HttpCode(200)
  twoFactor(
    @Body(zod(TwoFactorBody)) body: TwoFactorBody,
    @Headers('user-agent') userAgent: unknown,
    @Headers('x-client-country') country: unknown,
    @Ip() ip: unknown,
  ): Promise<TwoFactorTokens> {
    return this.logins.completeTwoFactor(body, ClientInfo.from(userAgent, country, ip));
  }

  @Post('refresh')
  @HttpCode(200)
  refresh(@Body(zod(RefreshTokenBody)) body: RefreshTokenBody): Promise<TokenPair> {
    return this.sessions.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Body(zod(RefreshTokenBody)) body: RefreshTokenBody, @CurrentUser() user: AuthUser): Promise<void> {
    await this.sessions.logout(user.id, body.refreshToken);
  }

  @Post('logout-all')
  @HttpCode(204)
  async logoutAll(@CurrentUser() user: AuthUser): Promise<void> {
    await this.sessions.logoutAll(user.id);
  }

  @Get('me')
  me(@CurrentUser() user: AuthUser): Promise<UserView> {
    return this.accounts.me(user.id);
  }
}
