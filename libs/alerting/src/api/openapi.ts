import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export const DOCS_PATH = 'api/docs';
export const DOCS_JSON_PATH = 'api/docs-json';

/**
 * OpenAPI (CONTRACTS §5): Swagger UI at `GET /api/docs` (assets from the local swagger-ui-dist,
 * nothing fetched from the internet), the document at `GET /api/docs-json`. Bearer auth is
 * declared and required by default; `@Public()` routes declare that they need none. Call after
 * every controller is registered, before `listen`.
 */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Campus Safety Platform API')
    .setDescription(
      'Alerts, hazards and telemetry of a province’s schools. Log in with POST /api/auth/login and send ' +
        '`Authorization: Bearer <accessToken>`. A user sees exactly their org unit and everything below it; ' +
        'anything outside answers 404. Live alerts: socket.io on the same port, `auth: {token}`, event `alert`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: DOCS_JSON_PATH,
    customSiteTitle: 'Campus Safety Platform API',
  });
}
