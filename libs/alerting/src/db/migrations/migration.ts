/** One schema change: applied once, in version order, recorded in `alerting.schema_migrations`. */
export interface Migration {
  /** 1, 2, 3 … — never reuse or reorder a released version; add a new one instead. */
  version: number;
  name: string;
  /** Statements without parameters, run in the migration transaction; schema `alerting` exists. */
  sql: string;
}
