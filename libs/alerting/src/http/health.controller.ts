import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';
import { Readiness } from './readiness';

interface StatusResponse {
  status(code: number): unknown;
}

@ApiTags('health')
@Controller('api/health')
export class HealthController {
  constructor(@Inject(Readiness) private readonly readiness: Readiness) {}

  @Public()
  @Get()
  @ApiOkResponse({ description: '{"status":"ok"}: every part is ready' })
  @ApiServiceUnavailableResponse({ description: '{"status":"starting"}' })
  health(@Res({ passthrough: true }) res: StatusResponse): { status: 'ok' | 'starting' } {
    if (this.readiness.ready) return { status: 'ok' };
    res.status(503);
    return { status: 'starting' };
  }
}
