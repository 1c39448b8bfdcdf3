import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import {
  ApiBody,
  ApiFoundResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProperty,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { z } from 'zod';

import type { Conforms, SsoExchangeBody, SsoStatus } from '@campus/api-contract';
import { ZodValidationPipe } from '../../http/zod-validation.pipe';
import { clientAddress, type AddressedRequest } from '../client-address';
import { LoginAnswerDoc, type LoginAnswer } from '../login.schema';
import { Public } from '../public.decorator';
import { dashboardCallbackUrl } from './oidc-config';
import { OidcService, RESULT_TTL_SECONDS, SsoExchangeError, STATE_TTL_SECONDS } from './oidc.service';
import { cookieValue, setCookie } from './sealed-cookie';

const STATE_COOKIE = 'campus_oidc_state';
const RESULT_COOKIE = 'campus_oidc_result';
const OIDC_PATH = '/api/auth/oidc';

const exchangeBodySchema = z.object({ code: z.string().min(16).max(200) });
type ExchangeBody = Conforms<z.infer<typeof exchangeBodySchema>, SsoExchangeBody>;

class ExchangeBodyDoc {
  @ApiProperty({ type: String, description: 'the `code` of the dashboard URL fragment after the callback' })
  code!: string;
}

class SsoStatusDoc {
  @ApiProperty({ type: Boolean }) enabled!: boolean;
  @ApiProperty({ type: String, required: false, example: '统一身份认证' }) displayName?: string;
}

type Request = IncomingMessage & AddressedRequest;

/**
 * Single sign-on (统一身份认证, OpenID Connect): `GET /api/auth/oidc` (is it on), `/login` (off to
 * the provider), `/callback` (back from it), `POST /exchange` (the dashboard's tokens).
 */
@ApiTags('auth')
@Controller('api/auth/oidc')
export class OidcController {
  constructor(@Inject(OidcService) private readonly sso: OidcService) {}

  @Public()
  @Get()
  @ApiOkResponse({
    type: SsoStatusDoc,
    description: 'whether the dashboard offers single sign-on, and its label',
  })
  status(): SsoStatus {
    return this.sso.status;
  }

  /** 302 to the provider's authorization endpoint (PKCE S256, state, nonce in a sealed cookie). */
  @Public()
  @Get('login')
  @ApiFoundResponse({ description: "to the identity provider's login page" })
  @ApiNotFoundResponse({ description: 'single sign-on is not configured' })
  async login(@Res() res: ServerResponse): Promise<void> {
    const config = this.sso.settings;
    if (config === undefined) throw new NotFoundException('single sign-on is not configured (OIDC_ISSUER)');
    const secure = config.redirectUrl.protocol === 'https:';
    try {
      const { url, state } = await this.sso.begin();
      redirect(res, url, [
        setCookie(STATE_COOKIE, state, {
          path: OIDC_PATH,
          maxAgeSeconds: STATE_TTL_SECONDS,
          secure,
          sameSite: 'Lax',
        }),
      ]);
    } catch {
      // the provider cannot be reached (OidcService logged why): say so on the login page
      const back = dashboardCallbackUrl(config);
      back.hash = 'error=sso_unavailable';
      redirect(res, back.href, []);
    }
  }

  /** Back from the provider: to the dashboard with a one-time code, or to its login page with an error code. */
  @Public()
  @Get('callback')
  @ApiFoundResponse({
    description:
      'to `/login/callback#code=…` (exchange it at POST /api/auth/oidc/exchange) or `/login/callback#error=sso_…`',
  })
  async callback(@Req() req: Request, @Res() res: ServerResponse): Promise<void> {
    const config = this.sso.settings;
    if (config === undefined) throw new NotFoundException('single sign-on is not configured (OIDC_ISSUER)');
    const secure = config.redirectUrl.protocol === 'https:';
    const current = new URL(req.url ?? '/', config.redirectUrl);
    const outcome = await this.sso.finish(
      current,
      cookieValue(req.headers.cookie, STATE_COOKIE),
      clientAddress(req),
    );
    const cookies = [
      setCookie(STATE_COOKIE, '', { path: OIDC_PATH, maxAgeSeconds: 0, secure, sameSite: 'Lax' }),
    ];
    if (outcome.ok) {
      cookies.push(
        setCookie(RESULT_COOKIE, outcome.result, {
          path: `${OIDC_PATH}/exchange`,
          maxAgeSeconds: RESULT_TTL_SECONDS,
          secure,
          sameSite: 'Strict',
        }),
      );
    }
    redirect(res, outcome.location, cookies);
  }

  /** The platform's tokens (the login answer) for the one-time code of a finished sign-in. */
  @Public()
  @Post('exchange')
  @HttpCode(200)
  @ApiBody({ type: ExchangeBodyDoc })
  @ApiOkResponse({ type: LoginAnswerDoc, description: 'the same answer as POST /api/auth/login' })
  @ApiUnauthorizedResponse({ description: 'no sign-in to complete, a wrong code, or a code used already' })
  @ApiNotFoundResponse({ description: 'single sign-on is not configured' })
  async exchange(
    @Body(new ZodValidationPipe(exchangeBodySchema)) body: ExchangeBody,
    @Req() req: Request,
    @Res({ passthrough: true }) res: ServerResponse,
  ): Promise<LoginAnswer> {
    const config = this.sso.settings;
    if (config === undefined) throw new NotFoundException('single sign-on is not configured (OIDC_ISSUER)');
    res.setHeader(
      'Set-Cookie',
      setCookie(RESULT_COOKIE, '', {
        path: `${OIDC_PATH}/exchange`,
        maxAgeSeconds: 0,
        secure: config.redirectUrl.protocol === 'https:',
        sameSite: 'Strict',
      }),
    );
    res.setHeader('Cache-Control', 'no-store');
    try {
      return await this.sso.exchange(
        body.code,
        cookieValue(req.headers.cookie, RESULT_COOKIE),
        clientAddress(req),
      );
    } catch (err) {
      if (err instanceof SsoExchangeError)
        throw new UnauthorizedException({ error: err.message, code: err.reason });
      throw err;
    }
  }
}

function redirect(res: ServerResponse, location: string, cookies: string[]): void {
  res.statusCode = 302;
  res.setHeader('Location', location);
  res.setHeader('Cache-Control', 'no-store');
  if (cookies.length > 0) res.setHeader('Set-Cookie', cookies);
  res.end();
}
