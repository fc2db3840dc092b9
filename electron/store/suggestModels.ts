/**
 * The tagger's trained models kept with the project (`suggest_models`, migration 016): one per
 * annotator, replaced by each training. The model is stored as the bytes it is given (the tagger's
 * thread deflates its JSON, electron/service/suggestModels.ts); this repository neither reads nor
 * checks it.
 */
import type { Connection } from './connection';

export interface StoredModel {
  annotator: string;
  /** The row's format (electron/service/suggestModels.ts: another is ignored). */
  format: number;
  /** The annotations the model learned from (suggestSignature.ts). */
  signature: string;
  seed: number;
  maxWords: number;
  /** JSON: the held-out figures and counts the service shows (TrainedInfo). */
  info: string;
  model: Buffer;
  trainedAt: string;
}

interface Row {
  annotator: string;
  format: number;
  signature: string;
  seed: number;
  max_words: number;
  info: string;
  model: Buffer;
  trained_at: string;
}

export class SuggestModelRepository {
  constructor(private readonly conn: Connection) {}

  get(annotator: string): StoredModel | null {
    const r = this.conn.st('SELECT annotator, format, signature, seed, max_words, info, model, trained_at FROM suggest_models WHERE annotator = ?').get(annotator) as Row | undefined;
    if (r === undefined) return null;
    return { annotator: r.annotator, format: r.format, signature: r.signature, seed: r.seed, maxWords: r.max_words, info: r.info, model: r.model, trainedAt: r.trained_at };
  }

  /** What the annotator's kept model was trained on, without the model (the service decides whether to load it). */
  head(annotator: string): Pick<StoredModel, 'format' | 'signature' | 'seed' | 'maxWords'> | null {
    const r = this.conn.st('SELECT format, signature, seed, max_words FROM suggest_models WHERE annotator = ?').get(annotator) as Pick<Row, 'format' | 'signature' | 'seed' | 'max_words'> | undefined;
    return r === undefined ? null : { format: r.format, signature: r.signature, seed: r.seed, maxWords: r.max_words };
  }

  /** Keeps the annotator's model (replacing the one kept before). */
  put(m: StoredModel): void {
    this.conn.transaction(() => {
      this.conn
        .st(
          `INSERT INTO suggest_models (annotator, format, signature, seed, max_words, info, model, trained_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(annotator) DO UPDATE SET format = excluded.format, signature = excluded.signature, seed = excluded.seed, max_words = excluded.max_words,
             info = excluded.info, model = excluded.model, trained_at = excluded.trained_at`,
        )
        .run(m.annotator, m.format, m.signature, m.seed, m.maxWords, m.info, m.model, m.trainedAt);
    });
  }

  delete(annotator: string): void {
    this.conn.transaction(() => {
      this.conn.st('DELETE FROM suggest_models WHERE annotator = ?').run(annotator);
    });
  }
}
