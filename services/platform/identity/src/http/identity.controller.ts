import { type AuthUser, CurrentUser, zod } from '@coordina/platform';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { LoginBody, RefreshTokenBody, RegisterBody, type TokenPair, type UserView } from '../contracts/identity.dto';
import { AccountsService } from './accounts.service';
import { SessionsService } from './sessions.service';

@Controller('api/identity')
export class IdentityController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsService,
  ) {}

  @Post('register')
  @HttpCode(201)
  register(@Body(zod(RegisterBody)) body: RegisterBody): Promise<UserView> {
    return this.accounts.register(body);
  }

  @Post('login')
  @HttpCode(200)
  login(@Body(zod(LoginBody)) body: LoginBody): Promise<TokenPair> {
    return this.sessions.login(body);
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

  @Get('me')
  me(@CurrentUser() user: AuthUser): Promise<UserView> {
    return this.accounts.me(user.id);
  }
}
