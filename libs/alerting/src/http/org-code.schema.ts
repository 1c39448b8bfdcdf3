import { z } from 'zod';

/**
 * An org unit in a query string: a 6-digit GB/T 2260 division code (province, city, county) or a
 * 10-digit school code. Whether the user may see it is the ScopePolicyService's call (404).
 */
export const orgCodeParam = z
  .string()
  .trim()
  .regex(
    /^(\d{6}|\d{10})$/,
    'org must be a 6-digit division code (province, city, county) or a 10-digit school code',
  );
