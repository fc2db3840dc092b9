/**
 * The start's calls, sent by the entry module (main.tsx) before the rest of the window's code is
 * loaded: session.boot and, when this window remembers a last document, that document's text and
 * its first reads (annotations.list, the first page of mentions), in the same round. The state
 * takes each answer when it asks for the same call with the same arguments (`early`), once; a call
 * it does not ask for (boot chose another document, nobody is annotating yet) is left unread, and
 * `dropEarly` forgets the rest once the first document is open. Small on purpose: it is part of
 * the entry chunk (no React, no state).
 */
import type { Args, Method, Result, Ret } from '../contract';
import { call } from '../bridge';

/** The window's own last document (Workspace.boot reads it too; the project host's wins when it has one). */
export const LAST_DOC_KEY = 'qalam.lastDocument';

const sent = new Map<string, Promise<Result<unknown>>>();

function key(method: string, args: unknown): string {
  return `${method} ${JSON.stringify(args)}`;
}

function send<M extends Method>(method: M, args: Args<M>): void {
  sent.set(key(method, args), call(method, args));
}

/** Send the start's calls (once, from the entry module). */
export function sendStartCalls(): void {
  send('session.boot', {});
  let last: string | null = null;
  try {
    last = window.localStorage.getItem(LAST_DOC_KEY);
  } catch {
    // storage unavailable: the document is asked for after boot
  }
  if (!last) return;
  // The same arguments, in the same key order, as Workspace.openDocument and DocumentSession.load ask them.
  send('documents.get', { id: last });
  send('annotations.list', { docId: last, mentions: false });
  send('mentions.page', { docId: last });
}

/** The answer of a call sent at start with these arguments (taken once), else the call now. */
export function early<M extends Method>(method: M, args: Args<M>): Promise<Result<Ret<M>>> {
  const k = key(method, args);
  const answer = sent.get(k);
  if (!answer) return call(method, args);
  sent.delete(k);
  return answer as Promise<Result<Ret<M>>>;
}

/** Forget the start's answers not taken (the first document is open: later reads must be fresh). */
export function dropEarly(): void {
  sent.clear();
}
