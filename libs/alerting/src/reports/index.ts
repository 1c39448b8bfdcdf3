export { closureRate, nearestRank, onlineRate, percentile } from './report-math';
export { BOM, csvCell, toCsv, type CsvValue } from './csv';
export { reportCsv, reportFileName } from './report-csv';
export { assembleReport, type OrgRef, type ReportInput } from './report-assembly';
export { ReportService } from './report.service';
export { ReportsController } from './reports.controller';
