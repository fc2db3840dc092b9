/** The session: the project, who is annotating (the current annotator) and the schema in force; the window's start (session.boot). */
import { basename, extname } from 'node:path';
import { annotatorNameProblem } from '../../annotations/names';
import type { BootInfo, SessionInfo } from '../contract';
import { domain, type ServiceContext } from './context';
import { ServiceError } from './errors';
import { BOOT_PAGE, documentPage } from './overview';

/** A trimmed, valid annotator name (the core's rules, annotations/names.ts), or a ServiceError('invalid-argument') saying what is wrong. */
export function normaliseAnnotatorName(raw: string): string {
  const problem = annotatorNameProblem(raw);
  if (problem !== null) throw new ServiceError('invalid-argument', problem);
  return raw.trim();
}

function sessionInfo(ctx: ServiceContext): SessionInfo {
  const { version, schema } = ctx.schema();
  const store = ctx.store;
  const referenceSet = store.getSetting('reference_set');
  return {
    projectPath: store.path,
    projectName: store.getSetting('project_name') ?? basename(store.path, extname(store.path)),
    annotator: ctx.currentAnnotator(),
    annotators: store.listAnnotators(),
    schema,
    schemaVersion: version,
    ...(referenceSet !== null ? { referenceSet } : {}),
  };
}

export const session = domain((ctx) => ({
  'session.get': () => sessionInfo(ctx),
  // session.get and the document list's first page in one answer (the window's start); the host adds `project`.
  'session.boot': (): BootInfo => ({ session: sessionInfo(ctx), documents: documentPage(ctx, { limit: BOOT_PAGE }) }),
  'session.setAnnotator': (a) => {
    const name = normaliseAnnotatorName(a.name);
    ctx.store.transaction(() => {
      ctx.store.ensureAnnotator(name, ctx.now());
      ctx.store.setSetting('current_annotator', name);
    });
    return sessionInfo(ctx);
  },
}));
