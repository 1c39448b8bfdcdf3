import { IpAllowList, LOOPBACK_NETWORKS, type Device } from '@campus/device-protocols';

/** Where a panel's allow-list comes from, for logs and the start-up message. */
export type AllowSource = 'allowFrom' | 'GB26875_ALLOW_FROM' | 'loopback default';

/**
 * Which peers may speak for which GB/T 26875.3 panel (docs/protocol.md, "Who may speak for a
 * panel"). A panel's own `allowFrom` wins; without one, `GB26875_ALLOW_FROM`; without that, this
 * host only (127.0.0.0/8, ::1). Fail-closed: no remote peer speaks for a panel unless an operator
 * named its network. Pure, no I/O.
 */
export class PanelAccess {
  private readonly byDevice = new Map<string, { list: IpAllowList; source: AllowSource }>();
  private readonly fallback: { list: IpAllowList; source: AllowSource };
  /** Every network any panel allows: a peer outside all of them is refused on connect. */
  private readonly union: IpAllowList;
  /** Panels without `allowFrom`, on the gateway-wide default. */
  readonly onDefault: readonly string[];

  /** Throws a RangeError for an entry that is no address or network (the parsers check them first). */
  constructor(panels: readonly Device[], defaultAllowFrom?: readonly string[]) {
    this.fallback =
      defaultAllowFrom && defaultAllowFrom.length > 0
        ? { list: new IpAllowList(defaultAllowFrom), source: 'GB26875_ALLOW_FROM' }
        : { list: new IpAllowList(LOOPBACK_NETWORKS), source: 'loopback default' };
    const onDefault: string[] = [];
    const entries = new Set<string>();
    for (const panel of panels) {
      if (panel.allowFrom) {
        this.byDevice.set(panel.id, { list: new IpAllowList(panel.allowFrom), source: 'allowFrom' });
        for (const e of panel.allowFrom) entries.add(e);
      } else {
        onDefault.push(panel.id);
      }
    }
    if (onDefault.length > 0) for (const e of this.fallback.list.entries) entries.add(e);
    this.onDefault = onDefault;
    this.union = new IpAllowList([...entries]);
  }

  /** The default's source: `GB26875_ALLOW_FROM`, or `loopback default` when it is unset. */
  get defaultSource(): AllowSource {
    return this.fallback.source;
  }

  /** The default's networks as written. */
  get defaultNetworks(): readonly string[] {
    return this.fallback.list.entries;
  }

  /** Whether the peer at `address` may speak for `panel`. */
  allows(panel: Pick<Device, 'id'>, address: string | undefined): boolean {
    return this.listOf(panel).list.allows(address);
  }

  /** Whether the peer at `address` may speak for at least one panel. */
  allowsAny(address: string | undefined): boolean {
    return this.union.allows(address);
  }

  /** The panel's networks and where they come from, for a log line. */
  describe(panel: Pick<Device, 'id'>): { allowFrom: string; source: AllowSource } {
    const { list, source } = this.listOf(panel);
    return { allowFrom: list.toString(), source };
  }

  private listOf(panel: Pick<Device, 'id'>): { list: IpAllowList; source: AllowSource } {
    return this.byDevice.get(panel.id) ?? this.fallback;
  }
}
