import { describe, expect, it } from 'vitest';
import { createLogger, redactText } from './logger';

/** A logger writing to memory, and everything it wrote. */
function capture() {
  const lines: string[] = [];
  const logger = createLogger('test', {
    level: 'debug',
    destination: { write: (line: string) => lines.push(line) },
  });
  return { logger, text: () => lines.join(''), lines };
}

const SECRETS = {
  password: 'pw-Very-Secret-1',
  secret: 'device-secret-2',
  token: 'tok-3-abcdef',
  accessToken: 'eyJhbGciOiJIUzI1NiJ9.access.4',
  bearer: 'bearer-token-5',
  phone: '+8613800000001',
  phone2: '+8613800000002',
  phone3: '+8613800000003',
  sms: '【平安校园】雁塔区第一小学 化学实验室 烟感报警',
  text: 'voice text 6',
  message: 'sms message 7',
  mqttPassword: 'mqtt-pass-8',
  dbPassword: 'db-pass-9',
  influxPassword: 'influx-pass-10',
  uplinkPassword: 'p@ss-with-at-11',
  queryToken: 'query-token-12',
  passwordHash: 'scrypt$16384$8$1$c2FsdHNhbHQ=$aGFzaGhhc2g=',
} as const;

describe('createLogger', () => {
  it('writes none of the sensitive values, wherever they are in the log object', () => {
    const { logger, text, lines } = capture();
    logger.info(
      {
        alertId: 'a-1',
        password: SECRETS.password,
        secret: SECRETS.secret,
        token: SECRETS.token,
        req: { method: 'GET', headers: { authorization: `Bearer ${SECRETS.bearer}`, host: 'x' } },
        to: SECRETS.phone,
        phones: [SECRETS.phone2],
        contacts: [{ name: '张伟', phone: SECRETS.phone3 }],
        body: SECRETS.sms,
        text: SECRETS.text,
        message: SECRETS.message,
        user: { username: 'school1', accessToken: SECRETS.accessToken, passwordHash: SECRETS.passwordHash },
      },
      'notification sent',
    );
    logger.warn(
      {
        url: `mqtt://gateway:${SECRETS.mqttPassword}@broker.example:1883`,
        config: {
          database: { url: `postgres://campus:${SECRETS.dbPassword}@db:5432/campus` },
          influx: `http://admin:${SECRETS.influxPassword}@influx:8086`,
        },
        callback: `https://campus.example/api/x?alertId=1&token=${SECRETS.queryToken}`,
      },
      `uplink to mqtts://gw-1:${SECRETS.uplinkPassword}@central.example:8883 is down`,
    );
    logger.error(
      { err: new Error(`cannot connect to postgres://campus:${SECRETS.dbPassword}@db:5432/campus`) },
      'start failed',
    );
    logger.child({ part: 'notifications' }).info({ n: { to: SECRETS.phone, body: SECRETS.sms } }, 'nested');

    const out = text();
    for (const [name, value] of Object.entries(SECRETS)) expect(out, name).not.toContain(value);
    // what is not sensitive stays, so the logs still say what happened
    expect(lines).toHaveLength(4);
    expect(out).toContain('"alertId":"a-1"');
    expect(out).toContain('"username":"school1"');
    expect(out).toContain('mqtt://[redacted]@broker.example:1883');
    expect(out).toContain('postgres://[redacted]@db:5432/campus');
    expect(out).toContain('mqtts://[redacted]@central.example:8883 is down');
    expect(out).toContain('alertId=1&token=[redacted]');
    expect(out).toContain('"part":"notifications"');
    expect(out).toContain('"host":"x"');
    const error = JSON.parse(lines[2] ?? '{}') as { err?: { message?: string; stack?: string } };
    expect(error.err?.message).toBe('cannot connect to postgres://[redacted]@db:5432/campus');
    expect(error.err?.stack).toContain('postgres://[redacted]@db:5432/campus');
  });

  it('keeps an error message readable (only URL credentials go)', () => {
    const { logger, lines } = capture();
    logger.error({ err: new Error('port 8080 is already in use: set PORT to a free port') }, 'x');
    const parsed = JSON.parse(lines[0] ?? '{}') as { err?: { message?: string } };
    expect(parsed.err?.message).toBe('port 8080 is already in use: set PORT to a free port');
  });
});

describe('redactText', () => {
  it('strips user:password@ from URLs of any scheme, and secret query values', () => {
    expect(redactText('redis://:pw@r:6379/0')).toBe('redis://[redacted]@r:6379/0');
    expect(redactText('http://u@h/p?a=1&password=x&b=2')).toBe(
      'http://[redacted]@h/p?a=1&password=[redacted]&b=2',
    );
    expect(redactText('mqtt://localhost:1883 for admin@example.com')).toBe(
      'mqtt://localhost:1883 for admin@example.com',
    );
    expect(redactText('nothing to see')).toBe('nothing to see');
  });
});
