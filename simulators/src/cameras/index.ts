export { CameraServer, type CameraRequest, type CameraServerOptions } from './camera-server';
export { startLocalCameras } from './demo-cameras';
