import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../testing/test-app.fixture';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const S1 = '2161010001'; // 雁塔区 610113, 西安市 610100
const S2 = '2161010002'; // 未央区 610112, 西安市 610100
const S3 = '2161030001'; // 渭滨区 610302, 宝鸡市 610300

// user → the schools they see (everything else answers 404)
const SEES: [string, string, string[]][] = [
  ['guard1', 'school user', [S1]],
  ['head1', 'school admin', [S1]],
  ['yanta', 'county officer', [S1]],
  ['weiyang', 'county officer of another county', [S2]],
  ['xian', 'city officer', [S1, S2]],
  ['shaanxi', 'province officer', [S1, S2, S3]],
  ['root', 'admin', [S1, S2, S3]],
];

describe('ScopePolicyService.assertVisible through HTTP', () => {
  it.each(SEES)('%s (%s) gets 200 inside the scope and 404 outside', async (user, _what, visible) => {
    const token = await t.tokenOf(user);
    for (const school of [S1, S2, S3]) {
      const res = await call(`${t.url}/api/test/schools/${school}`, { token });
      if (visible.includes(school))
        expect(res, `${user} ${school}`).toMatchObject({ status: 200, body: { school } });
      else
        expect(res, `${user} ${school}`).toMatchObject({ status: 404, body: { error: 'school not found' } });
    }
  });

  it('outside the scope looks exactly like not existing', async () => {
    const token = await t.tokenOf('yanta');
    const outside = await call(`${t.url}/api/test/schools/${S3}`, { token });
    const missing = await call(`${t.url}/api/test/schools/9999999999`, { token });
    expect(outside.status).toBe(missing.status);
    expect(outside.body).toEqual(missing.body);
  });

  it('unit codes: a county officer may act on its own school, not on the city above', async () => {
    const token = await t.tokenOf('head1');
    expect((await call(`${t.url}/api/test/schools/${S1}/drill`, { method: 'POST', token })).status).toBe(200);
    expect((await call(`${t.url}/api/test/schools/${S2}/drill`, { method: 'POST', token })).status).toBe(404);
    expect((await call(`${t.url}/api/test/schools/610100/drill`, { method: 'POST', token })).status).toBe(
      404,
    );
  });
});
