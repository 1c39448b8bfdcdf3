#!/usr/bin/env node
// `npm run guide-images`: copies the screenshots the browser tests wrote (test-artifacts/, after
// `npm test`) into docs/images/, the pictures of docs/user-guide.md. Run it after a UI change.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';

/** docs/images name ← test-artifacts name (the spec that writes it). */
const IMAGES = {
  'console.png': 'console-county.png', // dashboard-county-inspection.spec: open alarms of two schools
  'console-phone.png': 'console-phone.png', // dashboard-shell.spec
  'console-phone-dark.png': 'console-phone-dark.png', // dashboard-phone.spec: the system in dark mode
  'alert-detail.png': 'alert-detail.png', // dashboard-alert-handling.spec
  'devices.png': 'devices.png', // dashboard-screens.spec (and the four below)
  'risk-map.png': 'risk-map.png',
  'hazards.png': 'hazards.png',
  'inspection.png': 'inspection.png',
  'inspection-report.png': 'inspection-report.png',
  'reports.png': 'reports.png',
  'audit.png': 'audit.png', // dashboard-audit.spec
  'overview.png': 'overview.png', // dashboard-overview.spec
  'supervision-urge-banner.png': 'supervision-urge-banner.png', // dashboard-supervision.spec
  'supervision-roll-call.png': 'supervision-roll-call.png',
};

const missing = Object.values(IMAGES).filter((from) => !existsSync(`test-artifacts/${from}`));
if (missing.length > 0) {
  console.error(`missing in test-artifacts/: ${missing.join(', ')} — run the dashboard specs first (npm test)`);
  process.exit(1);
}
mkdirSync('docs/images', { recursive: true });
for (const [to, from] of Object.entries(IMAGES)) copyFileSync(`test-artifacts/${from}`, `docs/images/${to}`);
console.log(`copied ${Object.keys(IMAGES).length} screenshots to docs/images/`);
