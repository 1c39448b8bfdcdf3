/** One alert to open: a `type` event of `device` at `at` (epoch ms), which becomes its `openedAt`. */
export interface SeedSpec {
  device: string;
  type: string;
  at: number;
}

export interface SeedRequest {
  /** A platform DATA_DIR; the alert database is DATA_DIR/pglite. The platform must not be running. */
  dataDir: string;
  sitesFile: string;
  alerts: SeedSpec[];
}

/** An opened alert with the escalation steps its row was scheduled with. */
export interface SeededAlert {
  id: string;
  device: string;
  type: string;
  openedAt: number;
  steps: { level: string; afterSeconds: number }[];
}

export interface SeedResult {
  alerts: SeededAlert[];
  /** How long opening and scheduling took in the seed process (not counting its start-up). */
  ms: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The request is a file the parent wrote just before; only its outline is checked. */
export function isSeedRequest(v: unknown): v is SeedRequest {
  return (
    isRecord(v) &&
    typeof v['dataDir'] === 'string' &&
    typeof v['sitesFile'] === 'string' &&
    Array.isArray(v['alerts'])
  );
}

export function isSeedResult(v: unknown): v is SeedResult {
  return isRecord(v) && Array.isArray(v['alerts']) && typeof v['ms'] === 'number';
}
