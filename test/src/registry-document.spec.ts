import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentToRows, rowsToDocument, validateSitesDocument } from '@campus/alerting';
import { asRegistryDocument } from '@campus/alerting/testing';
import { readSitesFile } from '@campus/device-protocols';
import { COUNTY_SCHOOL_COUNT, writeCounty } from './testing/county-sites';

/** The generated county (test/src/testing/county-sites.ts) through the registry's rows and back: nothing lost. */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'campus-county-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the generated county's registry document", () => {
  it('round-trips through the rows losslessly and still validates', async () => {
    const county = await writeCounty(dir);
    const file = readSitesFile(await readFile(county.path, 'utf8'), county.path);
    const doc = await asRegistryDocument(file.document);
    const rows = documentToRows(doc);
    expect(rows.orgs.filter((o) => o.level === 'school')).toHaveLength(COUNTY_SCHOOL_COUNT);
    expect(rows.devices).toHaveLength(COUNTY_SCHOOL_COUNT * 3);
    expect(rowsToDocument(rows)).toEqual(doc);
    const sites = validateSitesDocument(rowsToDocument(rows), 'registry');
    expect(sites.devices.map((d) => d.id)).toEqual(file.sites.devices.map((d) => d.id));
    expect(sites.schools).toEqual(file.sites.schools);
  });
});
