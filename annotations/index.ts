/** The pure core of Qalam: everything the service, CLI and renderer share. */
export * from './model';
export * from './errors';
export * from './text';
export * from './graphemes';
export * from './tokenize';
export * from './direction';
export * from './decode';
export * from './schema';
export * from './spans';
export * from './formats/jsonl';
export * from './agreement';
export * from './formats/bratconf';
export * from './news';
export * from './validate';
export * from './find';
export * from './clitics';
export { Cls, charClass, isWhiteSpaceCp, isTrimmableCp, isLetterCp, strongDirection } from './chars';
export { findJsonSyntaxError, lineColumn, type JsonSyntaxError } from './json';
