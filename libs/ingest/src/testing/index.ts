export { Gb26875TestClient } from './gb26875-client';
export { floodGb26875, type Gb26875Flood } from './gb26875-flood';
