/** The bridge contract's types (electron/contract.ts), for the rest of the renderer. */
export type * from '../../electron/contract';
