interface Holding {
  owner: string;
  /** Connections (aedes clients) using the id now: authenticated, connecting or connected. */
  live: Set<object>;
  /** The broker keeps a session for the id (the last connection asked clean=false). */
  persistent: boolean;
}

/**
 * Which account holds each client id in use on the embedded broker: while a connection uses it,
 * and — for a persistent session (clean=false) — after it disconnects, as long as the broker keeps
 * that session. `decideClientId` asks it who holds an id.
 *
 * Bounded: live holdings by the connections, persistent ones by `maxPersistent(owner)` per account.
 * Past that bound the account's least recently used session without a connection is given up
 * (returned by `claim`, so the broker can end it too), e.g. for a device that connects with a new
 * random client id and clean=false on every start.
 */
export class ClientIdRegistry {
  private readonly held = new Map<string, Holding>();
  /** Each account's persistent client ids, least recently claimed first. */
  private readonly persistentByOwner = new Map<string, Set<string>>();

  constructor(private readonly maxPersistent: (owner: string) => number) {}

  /** Client ids held now. */
  get size(): number {
    return this.held.size;
  }

  heldBy(clientId: string): string | undefined {
    return this.held.get(clientId)?.owner;
  }

  /**
   * `connection` of `owner` uses `clientId` from now on (decideClientId allowed it). With
   * clean=false the id is held as a persistent session from here. Returns the client ids of the
   * owner's persistent sessions given up to stay within the bound.
   */
  claim(clientId: string, owner: string, connection: object, clean: boolean): string[] {
    let holding = this.held.get(clientId);
    if (!holding || holding.owner !== owner) {
      if (holding) this.forgetPersistent(clientId, holding.owner);
      holding = { owner, live: new Set(), persistent: false };
      this.held.set(clientId, holding);
    }
    holding.live.add(connection);
    // Until the broker confirms the connection (`connected`), an existing session counts as kept.
    return clean ? [] : this.markPersistent(clientId, holding);
  }

  /** The broker accepted `connection`: with clean=true it has ended any earlier session of the id. */
  connected(clientId: string, connection: object, clean: boolean): void {
    const holding = this.held.get(clientId);
    if (!holding?.live.has(connection)) return;
    if (clean && holding.persistent) {
      holding.persistent = false;
      this.forgetPersistent(clientId, holding.owner);
    }
  }

  /** `connection` closed; the id stays held while another connection or the session needs it. */
  release(clientId: string, connection: object): void {
    const holding = this.held.get(clientId);
    if (!holding?.live.delete(connection)) return;
    if (holding.live.size === 0 && !holding.persistent) this.held.delete(clientId);
  }

  private markPersistent(clientId: string, holding: Holding): string[] {
    holding.persistent = true;
    let ids = this.persistentByOwner.get(holding.owner);
    if (!ids) {
      ids = new Set();
      this.persistentByOwner.set(holding.owner, ids);
    }
    ids.delete(clientId);
    ids.add(clientId);
    const evicted: string[] = [];
    const max = this.maxPersistent(holding.owner);
    for (const id of ids) {
      if (ids.size <= max) break;
      const other = this.held.get(id);
      if (other && other.live.size > 0) continue; // in use: never given up
      ids.delete(id);
      this.held.delete(id);
      evicted.push(id);
    }
    return evicted;
  }

  private forgetPersistent(clientId: string, owner: string): void {
    const ids = this.persistentByOwner.get(owner);
    ids?.delete(clientId);
    if (ids?.size === 0) this.persistentByOwner.delete(owner);
  }
}
