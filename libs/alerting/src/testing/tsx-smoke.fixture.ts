/**
 * Run by tsx-runtime.spec.ts under `node --import tsx` (esbuild: no decorator metadata), the way
 * the apps run: starts the test app, prints `{"url": …}` on stdout, and stops when stdin closes.
 */
import { startTestApp } from './test-app.fixture';

const app = await startTestApp();
app.handle.readiness.markReady();
process.stdout.write(`${JSON.stringify({ url: app.url })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void app.close().then(() => process.exit(0));
});
