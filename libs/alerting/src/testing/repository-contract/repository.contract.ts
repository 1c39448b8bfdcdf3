import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { resetAlertingTables } from '../reset-alerting';
import type { Database } from '../../db/database';
import { migrate } from '../../db/migrate';
import { actionContract } from './action.contract';
import { alertContract } from './alert.contract';
import { databaseContract } from './database.contract';
import { deviceStateContract } from './device-state.contract';
import { drillContract, riskPointContract } from './drill-risk.contract';
import { escalationContract } from './escalation.contract';
import { hazardContract } from './hazard.contract';
import { hazardReportContract } from './hazard-report.contract';
import { inspectionContract } from './inspection.contract';
import { notificationContract } from './notification.contract';
import { overviewQueriesContract } from './overview-queries.contract';
import { planContract } from './plan.contract';
import { reportQueriesContract } from './report-queries.contract';
import { supervisionContract } from './supervision.contract';

/**
 * The repository contract: every repository method, run against whatever `open` returns (PGlite
 * in memory, a PostgreSQL database). One database for the suite, tables emptied before each test.
 */
export function repositoryContract(name: string, open: () => Promise<Database>): void {
  describe(`repository contract on ${name}`, () => {
    let db: Database | undefined;
    const current = (): Database => {
      if (!db) throw new Error('the contract database is not open: did beforeAll fail?');
      return db;
    };
    beforeAll(async () => {
      db = await open();
      await migrate(db);
    });
    afterAll(async () => {
      await db?.close();
    });
    beforeEach(async () => {
      await resetAlertingTables(current());
    });

    databaseContract(current);
    alertContract(current);
    actionContract(current);
    escalationContract(current);
    notificationContract(current);
    hazardContract(current);
    hazardReportContract(current);
    drillContract(current);
    riskPointContract(current);
    deviceStateContract(current);
    inspectionContract(current);
    reportQueriesContract(current);
    overviewQueriesContract(current);
    supervisionContract(current);
    planContract(current);
  });
}
