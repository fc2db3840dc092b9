import type { Lang } from '../../annotations/model';
import type { Store } from '../store';

export interface ProjectStats {
  projectName: string | null;
  schemaVersion: number;
  documents: number;
  /** Documents per language; every language is present, 0 when there is none. */
  languages: Record<Lang, number>;
  /** Total length of all texts, in code points. */
  characters: number;
  mentions: number;
  /** Mentions per entity type: every type of the current schema (0 when unused), then any other type in use. */
  mentionsByType: Record<string, number>;
  /** Mentions per annotator, by name; annotators without mentions are listed with 0. */
  mentionsByAnnotator: Record<string, number>;
  documentsWithAnnotations: number;
  documentsWithoutAnnotations: number;
}

export function computeStats(store: Store): ProjectStats {
  const docs = store.documentStats();
  const byType = store.mentionCountsByType();
  const byAnnotator = store.mentionCountsByAnnotator();
  const schema = store.currentSchema();
  const annotated = store.annotatedDocumentCount();

  const mentionsByType: Record<string, number> = {};
  for (const t of schema?.schema.entityTypes ?? []) mentionsByType[t.name] = byType.get(t.name) ?? 0;
  for (const [type, n] of byType) if (!(type in mentionsByType)) mentionsByType[type] = n;

  const mentionsByAnnotator: Record<string, number> = {};
  for (const name of store.listAnnotators()) mentionsByAnnotator[name] = byAnnotator.get(name) ?? 0;

  return {
    projectName: store.getSetting('project_name'),
    schemaVersion: schema?.version ?? 0,
    documents: docs.documents,
    languages: { he: docs.byLang.get('he') ?? 0, ar: docs.byLang.get('ar') ?? 0, other: docs.byLang.get('other') ?? 0 },
    characters: docs.characters,
    mentions: [...byType.values()].reduce((a, b) => a + b, 0),
    mentionsByType,
    mentionsByAnnotator,
    documentsWithAnnotations: annotated,
    documentsWithoutAnnotations: docs.documents - annotated,
  };
}
