import type { Migration } from './migration';

/**
 * Inspections get a human number, a sequence per year (督查 2026-0012), for screens and printed
 * reports; the UUID stays the internal id. `inspection_numbers` holds each year's last number,
 * taken with one upsert, so replicas on one database never hand out the same number. Existing
 * inspections are numbered in the order they started.
 */
export const migration009: Migration = {
  version: 9,
  name: 'inspection_numbers',
  sql: /* sql */ `
CREATE TABLE alerting.inspection_numbers (
  year  integer PRIMARY KEY,
  last  integer NOT NULL
);
ALTER TABLE alerting.inspections ADD COLUMN number_year integer, ADD COLUMN number_seq integer;
UPDATE alerting.inspections i SET number_year = n.y, number_seq = n.seq
  FROM (SELECT id, extract(year FROM started_at)::integer AS y,
               row_number() OVER (PARTITION BY extract(year FROM started_at) ORDER BY started_at, id)::integer AS seq
          FROM alerting.inspections) n
 WHERE n.id = i.id;
INSERT INTO alerting.inspection_numbers (year, last)
  SELECT number_year, max(number_seq) FROM alerting.inspections GROUP BY number_year;
ALTER TABLE alerting.inspections ALTER COLUMN number_year SET NOT NULL, ALTER COLUMN number_seq SET NOT NULL;
CREATE UNIQUE INDEX inspections_number ON alerting.inspections (number_year, number_seq);
`,
};
