export { QalamService, normaliseAnnotatorName, type ServiceOptions } from './service';
export { ServiceError, toApiError } from './errors';
export { initProject, openService, openOrCreateDefaultProject, type InitOptions } from './bootstrap';
export { exportNativeJsonl, nativeJsonlLines, writeNativeJsonl, type ExportOptions } from './export';
export { computeStats, type ProjectStats } from './stats';
export { argSchemas } from './schemas';
export { exportPerDocument, importExchange, exchangeRecord } from './exchange';
export type { PerDocumentExportReport, ExchangeImportReport } from '../contract';
export { computeAgreement } from './agreementComputer';
