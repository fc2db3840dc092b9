/**
 * The bridge contract's types (electron/contract.ts), re-exported for the renderer.
 *
 * Why type queries instead of `import type`: the renderer's ESLint rule forbids the module name
 * `electron` (gitignore semantics), which also matches `../../electron/contract`, the one module
 * the renderer is meant to use. Type queries are not imports to that rule and carry no code.
 * With a negation for the contract in eslint.config.js this file becomes a plain
 * `export type { … } from '../../electron/contract'`.
 */
export type ApiError = import('../../electron/contract').ApiError;
export type ErrorCode = import('../../electron/contract').ErrorCode;
export type Result<T> = import('../../electron/contract').Result<T>;
export type SessionInfo = import('../../electron/contract').SessionInfo;
export type DocumentSummary = import('../../electron/contract').DocumentSummary;
export type DocumentView = import('../../electron/contract').DocumentView;
export type ChangeApplied = import('../../electron/contract').ChangeApplied;
export type HistoryState = import('../../electron/contract').HistoryState;
export type ImportReport = import('../../electron/contract').ImportReport;
export type ApiMethods = import('../../electron/contract').ApiMethods;
export type Method = import('../../electron/contract').Method;
export type Args<M extends Method> = import('../../electron/contract').Args<M>;
export type Ret<M extends Method> = import('../../electron/contract').Ret<M>;
export type MenuCommand = import('../../electron/contract').MenuCommand;
export type QalamBridge = import('../../electron/contract').QalamBridge;
