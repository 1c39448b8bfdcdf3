import { describe, expect, it } from 'vitest';
import type { RegistryDevice } from '@campus/api-contract';
import {
  brokerAddressOf,
  connectionSettings,
  deviceConnection,
  generateDeviceSecret,
} from './device-connection';

const device: RegistryDevice = {
  id: 'smk-101',
  school: '2161010001',
  kind: 'smoke_detector',
  protocol: 'native',
  location: null,
  risk: null,
  via: null,
  baseTopic: null,
  address: null,
  restrictedZones: null,
  hasSecret: true,
};

describe('device connection', () => {
  it('generates 24-byte base64url secrets, each different', () => {
    const a = generateDeviceSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(24);
    expect(generateDeviceSecret()).not.toBe(a);
  });

  it('takes the host of PUBLIC_URL, else of the request, and MQTT_PORT', () => {
    expect(
      brokerAddressOf({ MQTT_PORT: '1884' }, 'https://campus.example.cn/app', 'http://10.0.0.2:8080'),
    ).toEqual({
      host: 'campus.example.cn',
      port: 1884,
    });
    expect(brokerAddressOf({}, undefined, 'http://10.0.0.2:8080')).toEqual({ host: '10.0.0.2', port: 1883 });
    expect(brokerAddressOf({}, undefined, undefined)).toEqual({ host: 'localhost', port: 1883 });
  });

  it('gives a native device the mosquitto_pub line of its retained status', () => {
    const c = connectionSettings(device, "se'cret", { host: 'gw.example.cn', port: 1883 });
    expect(c.topic).toBe('campus/v1/2161010001/smk-101/status');
    expect(c.mosquittoPub).toBe(
      `mosquitto_pub -h 'gw.example.cn' -p 1883 -u 'smk-101' -P 'se'\\''cret' -t 'campus/v1/2161010001/smk-101/status' -m '{"online":true}' -q 1 -r`,
    );
  });

  it('gives a bridge its availability topic under its base topic', () => {
    const z = connectionSettings(
      { ...device, id: 'z2m-1', kind: 'zigbee_bridge', protocol: 'zigbee2mqtt', baseTopic: 'z2m/a' },
      's',
      {
        host: 'h',
        port: 1,
      },
    );
    expect(z.topic).toBe('z2m/a/bridge/state');
    const f = connectionSettings({ ...device, id: 'nvr-1', kind: 'nvr', protocol: 'frigate' }, 's', {
      host: 'h',
      port: 1,
    });
    expect(f.topic).toBe('frigate/available');
  });

  it('draws the settings as a QR code', async () => {
    const c = await deviceConnection(device, 'secret', { host: 'h', port: 1883 });
    expect(c.qrSvg).toMatch(/^<svg/);
  });
});
