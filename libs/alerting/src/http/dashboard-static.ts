import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';

/** Paths the dashboard never answers: the API (and its docs), socket.io and the metrics page. */
const NOT_DASHBOARD = /^\/(api|socket\.io|metrics)(\/|\?|$)/;

export const DASHBOARD_NOT_BUILT = 'the dashboard is not built: run npm run build\n';

type Next = (err?: unknown) => void;

/**
 * Serve the built dashboard (`vite build` output) at `/` on the alert service's HTTP port, with
 * the SPA fallback (`index.html`) for any other GET outside `/api`, `/socket.io` and `/metrics`.
 * Call before `listen` so it comes before the routes. Without a build, `/` answers a plain-text
 * page that says how to build it (checked per request: a build made later is picked up).
 */
export function serveDashboard(app: INestApplication, distDir: string | URL): void {
  const dir = typeof distDir === 'string' ? distDir : fileURLToPath(distDir);
  const indexHtml = join(dir, 'index.html');
  (app as NestExpressApplication).useStaticAssets(dir, {
    index: false,
    setHeaders: (res, path) => {
      // vite names assets by content hash
      if (path.includes('/assets/')) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
    },
  });
  app.use(
    (req: IncomingMessage & { path?: string }, res: ServerResponse & { sendFile?: SendFile }, next: Next) => {
      const path = req.path ?? (req.url ?? '/').split('?')[0] ?? '/';
      if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_DASHBOARD.test(path)) return next();
      if (!existsSync(indexHtml)) {
        if (path !== '/') return next();
        res.statusCode = 503;
        res.setHeader('content-type', 'text/plain; charset=utf-8');
        res.end(DASHBOARD_NOT_BUILT);
        return;
      }
      res.setHeader('cache-control', 'no-cache');
      if (res.sendFile) res.sendFile(indexHtml, (err) => err && next(err));
      else next();
    },
  );
}

type SendFile = (path: string, callback: (err?: Error) => void) => void;
