import type { Device, Sites } from '@campus/device-protocols';

/**
 * `GATEWAY_SCHOOLS`: the schools one edge gateway serves (docs/deployment.md, "Edge gateways").
 * Devices and GB/T 26875.3 panels of other schools are refused there, so that a device configured
 * with the wrong gateway's address shows up in that gateway's log instead of being counted twice
 * or under the wrong gateway. Absent means every school of the sites file. Pure.
 */
export class ServedSchools {
  private constructor(private readonly codes: ReadonlySet<string> | undefined) {}

  /** Every school of the sites file (GATEWAY_SCHOOLS unset). */
  static all(): ServedSchools {
    return new ServedSchools(undefined);
  }

  /** Throws with the codes the sites file does not declare as schools, and how to fix it. */
  static of(
    codes: readonly string[] | undefined,
    sites: Pick<Sites, 'schoolByCode' | 'source'>,
  ): ServedSchools {
    if (codes === undefined) return ServedSchools.all();
    const unknown = codes.filter((code) => !sites.schoolByCode.has(code));
    if (unknown.length > 0) {
      throw new Error(
        `GATEWAY_SCHOOLS names ${unknown.join(', ')}, which ${unknown.length === 1 ? 'is' : 'are'} not a school ` +
          `in ${sites.source}: give the 10-digit school codes of the sites file, comma-separated`,
      );
    }
    return new ServedSchools(new Set(codes));
  }

  get restricted(): boolean {
    return this.codes !== undefined;
  }

  /** The served codes as configured, for log lines; `all` when unrestricted. */
  describe(): string {
    return this.codes === undefined ? 'all' : [...this.codes].join(',');
  }

  serves(device: Pick<Device, 'org'>): boolean {
    return this.servesSchool(device.org.school);
  }

  servesSchool(code: string): boolean {
    return this.codes === undefined || this.codes.has(code);
  }

  /** The refusal's log text: which school the device belongs to and what to do. */
  refusal(device: Pick<Device, 'id' | 'org'>): string {
    return (
      `device ${device.id} belongs to school ${device.org.school}, which this gateway does not serve ` +
      `(GATEWAY_SCHOOLS=${this.describe()}): point the device at its own school's gateway, ` +
      `or add ${device.org.school} to GATEWAY_SCHOOLS`
    );
  }
}

/** GATEWAY_SCHOOLS as written: comma-separated codes; unset or blank means every school. */
export function parseGatewaySchools(text: string | undefined): string[] | undefined {
  const codes = (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return codes.length === 0 ? undefined : [...new Set(codes)];
}
