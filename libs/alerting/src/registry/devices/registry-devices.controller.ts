import type { IncomingMessage } from 'node:http';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { clientAddress, type AddressedRequest } from '../../auth/client-address';
import { Public } from '../../auth/public.decorator';
import type {
  DeviceEnrolment,
  DeviceImportReport,
  ProvisionedDevice,
  RegistryDevice,
  RegistryDeviceList,
} from '@campus/api-contract';
import type { AuthUser } from '../../auth/auth-user';
import { CurrentUser } from '../../auth/current-user.decorator';
import { Requires } from '../../auth/requires.decorator';
import { requestOrigin } from '../../hazard-reports/public-link';
import { ZodValidationPipe } from '../../http/zod-validation.pipe';
import {
  deviceCreateBodySchema,
  deviceIdParamSchema,
  enrolBodySchema,
  devicePatchBodySchema,
  importQuerySchema,
  registryDeviceListQuerySchema,
  schoolCodeSchema,
} from './registry-devices.schemas';
import { RegistryDevicesService } from './registry-devices.service';
import { readCsvBody } from './csv-body';
import type { z } from 'zod';

const originOf = (req: IncomingMessage): string | undefined =>
  requestOrigin(req.headers.host, 'encrypted' in req.socket && req.socket.encrypted === true);

const PROVISIONED =
  '{device, secret, connection: {host, port, username, password, topic, mosquittoPub, qrSvg}}: the secret is in this answer only (the registry keeps its hash); null for a device without one';
const NOT_FOUND = 'no such school or device, or outside your scope';
const FORBIDDEN = 'your role may not manage devices (school_admin, the officers and admin may)';

/** Managing a school's devices in the registry (docs/registry.md, "Managing through the API and the dashboard"). */
@ApiTags('registry')
@Controller('api/devices')
export class RegistryDevicesController {
  constructor(@Inject(RegistryDevicesService) private readonly devices: RegistryDevicesService) {}

  @Get('registry')
  @Requires('telemetry.read')
  @ApiQuery({ name: 'school', required: true })
  @ApiOkResponse({
    description:
      '{items: RegistryDevice[]}: the school’s devices as the registry holds them, without credentials',
  })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async list(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(registryDeviceListQuerySchema)) query: { school: string },
  ): Promise<RegistryDeviceList> {
    return { items: await this.devices.list(user, query.school) };
  }

  @Post()
  @HttpCode(201)
  @Requires('devices.manage')
  @ApiBody({
    description:
      '{school, id, kind, protocol?, location?, risk?, via?, baseTopic?, address?, restrictedZones?}',
  })
  @ApiCreatedResponse({ description: PROVISIONED })
  @ApiBadRequestResponse({
    description: 'a bad body, or the registry refused the device (taken id, unknown bridge…): the reason',
  })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  create(
    @CurrentUser() user: AuthUser,
    @Body(new ZodValidationPipe(deviceCreateBodySchema)) body: z.output<typeof deviceCreateBodySchema>,
    @Req() req: IncomingMessage,
  ): Promise<ProvisionedDevice> {
    return this.devices.create(user, body, originOf(req));
  }

  @Patch(':id')
  @Requires('devices.manage')
  @ApiBody({
    description: '{kind?, location?, risk?, via?, restrictedZones?, address?}: null removes a field',
  })
  @ApiOkResponse({ description: 'the device after the change' })
  @ApiBadRequestResponse({ description: 'a bad body, or the registry refused the change: the reason' })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', new ZodValidationPipe(deviceIdParamSchema)) id: string,
    @Body(new ZodValidationPipe(devicePatchBodySchema)) body: z.output<typeof devicePatchBodySchema>,
  ): Promise<RegistryDevice> {
    return this.devices.update(user, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Requires('devices.manage')
  @ApiNoContentResponse({
    description: 'retired: the device leaves the registry, is disconnected and refused at its next CONNECT',
  })
  @ApiBadRequestResponse({
    description: 'the registry refused (a bridge that devices still use): the reason',
  })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  retire(
    @CurrentUser() user: AuthUser,
    @Param('id', new ZodValidationPipe(deviceIdParamSchema)) id: string,
  ): Promise<void> {
    return this.devices.retire(user, id);
  }

  @Post(':id/secret')
  @HttpCode(200)
  @Requires('devices.manage')
  @ApiOkResponse({ description: `${PROVISIONED}; the old secret is refused from the device’s next CONNECT` })
  @ApiBadRequestResponse({
    description: 'the device has no secret of its own (behind a bridge, a GB/T 26875 panel)',
  })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  rotate(
    @CurrentUser() user: AuthUser,
    @Param('id', new ZodValidationPipe(deviceIdParamSchema)) id: string,
    @Req() req: IncomingMessage,
  ): Promise<ProvisionedDevice> {
    return this.devices.rotate(user, id, originOf(req));
  }
}

/** `POST /api/devices/{id}/enrolment`, and the exchange of its code without an account, `POST /api/enrol`. */
@ApiTags('registry')
@Controller('api')
export class RegistryEnrolmentController {
  constructor(@Inject(RegistryDevicesService) private readonly devices: RegistryDevicesService) {}

  @Post('devices/:id/enrolment')
  @HttpCode(201)
  @Requires('devices.manage')
  @ApiCreatedResponse({
    description:
      '{device, code, expiresAt}: a one-time code (XXXXX-XXXXX), valid 24 h; an earlier unused code of the device stops working',
  })
  @ApiBadRequestResponse({
    description: 'the device has no secret of its own (behind a bridge, a GB/T 26875 panel)',
  })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  issue(
    @CurrentUser() user: AuthUser,
    @Param('id', new ZodValidationPipe(deviceIdParamSchema)) id: string,
  ): Promise<DeviceEnrolment> {
    return this.devices.issueEnrolment(user, id);
  }

  @Post('enrol')
  @Public()
  @HttpCode(200)
  @ApiBody({
    description:
      '{code}: the one-time code as the installer typed it (case, spaces and dashes do not matter)',
  })
  @ApiOkResponse({ description: `${PROVISIONED}; the code is used up` })
  @ApiNotFoundResponse({ description: 'the code is unknown, used or expired (all alike)' })
  @ApiTooManyRequestsResponse({
    description: 'too many attempts for this code or from this address, as for logins; Retry-After',
  })
  enrol(
    @Body(new ZodValidationPipe(enrolBodySchema)) body: { code: string },
    @Req() req: IncomingMessage & AddressedRequest,
  ): Promise<ProvisionedDevice> {
    return this.devices.exchangeEnrolment(body.code, clientAddress(req), originOf(req));
  }
}

/** `POST /api/schools/{code}/devices/import`: bulk CSV import with a per-row report. */
@ApiTags('registry')
@Controller('api/schools/:code/devices/import')
export class RegistryDeviceImportController {
  constructor(@Inject(RegistryDevicesService) private readonly devices: RegistryDevicesService) {}

  @Post()
  @HttpCode(200)
  @Requires('devices.manage')
  @ApiConsumes('text/csv')
  @ApiQuery({
    name: 'apply',
    required: false,
    enum: ['0', '1'],
    description: '1 applies the accepted rows; default a dry run',
  })
  @ApiBody({
    description:
      'CSV with a header line; columns id,kind (required), protocol, building, floor, room, use, risk, bridge, name, baseTopic, address',
  })
  @ApiOkResponse({
    description:
      '{applied, accepted, refused, rows: [{row, id, ok, reason?}], secretsCsv}: secretsCsv (id,secret) once, after apply',
  })
  @ApiBadRequestResponse({ description: 'not CSV, no header, an unknown column: the reason' })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  import(
    @CurrentUser() user: AuthUser,
    @Param('code', new ZodValidationPipe(schoolCodeSchema)) code: string,
    @Query(new ZodValidationPipe(importQuerySchema)) query: { apply?: '0' | '1' },
    @Req() req: IncomingMessage,
  ): Promise<DeviceImportReport> {
    return readCsvBody(req).then((csv) => this.devices.import(user, code, csv, query.apply === '1'));
  }
}
