/**
 * The project's guidelines document: Markdown kept in the project's `guidelines` setting (JSON:
 * markdown, the file it came from, when it changed), read and replaced whole. Not an undo step of
 * any document; a replacement is one write.
 */
import type { Guidelines } from '../contract';
import { domain, type ServiceContext } from './context';
import { ServiceError } from './errors';

const EMPTY: Guidelines = { markdown: '', source: null, updatedAt: null };

/** The stored guidelines; a damaged setting reads as none (and is replaced by the next write). */
export function readGuidelines(ctx: ServiceContext): Guidelines {
  const raw = ctx.store.getSetting('guidelines');
  if (raw === null) return EMPTY;
  try {
    const v = JSON.parse(raw) as Partial<Guidelines>;
    if (typeof v.markdown !== 'string') return EMPTY;
    return { markdown: v.markdown, source: typeof v.source === 'string' ? v.source : null, updatedAt: typeof v.updatedAt === 'string' ? v.updatedAt : null };
  } catch {
    return EMPTY;
  }
}

export const guidelines = domain((ctx) => ({
  'guidelines.get': () => readGuidelines(ctx),
  'guidelines.set': (a) => {
    if (a.markdown.includes('\u0000')) throw new ServiceError('invalid-argument', 'the guidelines hold a NUL character');
    // Line ends as every stored text: CRLF and lone CR become LF.
    const markdown = a.markdown.replace(/\r\n?/g, '\n');
    const source = a.source === undefined ? null : (a.source.split(/[\\/]/).pop() ?? a.source);
    const next: Guidelines = { markdown, source, updatedAt: ctx.now() };
    ctx.store.setSetting('guidelines', JSON.stringify(next));
    return next;
  },
}));
