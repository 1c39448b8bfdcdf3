import { Controller, Get, Inject, Query, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Requires } from '../auth/requires.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import type { Report } from '../domain/report';
import { reportCsv } from './report-csv';
import { ReportDoc } from './report.docs';
import { reportQuerySchema, type ReportQueryParams } from './report.schemas';
import { ReportService } from './report.service';

const PERIOD = 'ISO 8601 with a zone, or epoch ms; the period is [from, to), by default the last 30 days';

/** Reports of the user's org or a unit within it: JSON and CSV (Excel). */
@ApiTags('reports')
@Controller('api')
@Requires('reports.read')
@ApiQuery({ name: 'org', required: false, type: String, description: 'org unit code (default: the user’s)' })
@ApiQuery({ name: 'from', required: false, type: String, description: PERIOD })
@ApiQuery({ name: 'to', required: false, type: String, description: PERIOD })
@ApiBadRequestResponse({ description: 'bad org/from/to, from not before to, or more than 366 days' })
@ApiNotFoundResponse({ description: 'org unknown or outside the user’s org' })
export class ReportsController {
  constructor(@Inject(ReportService) private readonly reports: ReportService) {}

  @Get('reports')
  @ApiOperation({
    summary: 'Alerts, time to acknowledge, device online rate and hazards, per child org unit',
  })
  @ApiOkResponse({ type: ReportDoc })
  report(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(reportQuerySchema)) query: ReportQueryParams,
  ): Promise<Report> {
    return this.reports.report(user, query);
  }

  @Get('reports.csv')
  @ApiOperation({ summary: 'The same report as CSV (UTF-8 with BOM, Chinese header, a 合计 row last)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'text/csv; charset=utf-8, attachment report-{org}-{from}-{to}.csv' })
  async csv(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(reportQuerySchema)) query: ReportQueryParams,
  ): Promise<StreamableFile> {
    const report = await this.reports.report(user, query);
    return new StreamableFile(Buffer.from(reportCsv(report), 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${this.reports.fileName(report)}"`,
    });
  }
}
