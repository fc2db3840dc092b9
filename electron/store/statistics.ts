/** Project-wide figures (the CLI's and service's stats): documents, characters, languages, annotated documents. */
import type { Lang } from '../../annotations/model';
import type { Connection } from './connection';

export class StatisticsRepository {
  constructor(private readonly conn: Connection) {}

  documents(): { documents: number; characters: number; byLang: Map<Lang, number> } {
    const total = this.conn.st('SELECT count(*) AS n, coalesce(sum(length_cp), 0) AS c FROM documents').get() as { n: number; c: number };
    const rows = this.conn.st('SELECT lang, count(*) AS n FROM documents GROUP BY lang ORDER BY lang').all() as { lang: Lang; n: number }[];
    return { documents: total.n, characters: total.c, byLang: new Map(rows.map((r) => [r.lang, r.n])) };
  }

  /** Number of documents with at least one mention (any annotator). */
  annotatedDocuments(): number {
    return (this.conn.st('SELECT count(DISTINCT doc_id) AS n FROM mentions').get() as { n: number }).n;
  }
}
