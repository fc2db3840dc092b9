/**
 * The benchmark's project of generated documents, built once into the setup cache (cache.ts) and
 * copied for each run: Hebrew and Arabic texts of the measured sizes (generate.ts), imported
 * through the service, their mentions written through the store; optionally a second annotator's
 * set on the 1 MB and 5 MB Hebrew documents (the review screen's case). run.ts's browser cases and
 * suggest-list.ts's service cases both open it (one builder, the same seeds).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenize } from '../../annotations/tokenize';
import { OffsetMap } from '../../annotations/text';
import type { DocumentView } from '../../electron/contract';
import { initProject, openService } from '../../electron/service/bootstrap';
import type { QalamService } from '../../electron/service';
import { MODEL_FORMAT, trainAndKeep } from '../../electron/service/suggestModels';
import { MAX_TRAINING_WORDS, TAGGER_SEED } from '../../electron/service/suggestions';
import { ALL_SIZES } from './common';
import { cacheKey, cachedCopy, cachedFolder } from './cache';
import { generateMentions, generateText } from './generate';

/** The second annotator of the 1 MB and 5 MB Hebrew documents (the review screen's case). */
export const REVIEWER = 'bench-2';

/** A document of the project: its file name (`he-1000000`), size, mentions and language. */
export interface BenchFile {
  file: string;
  bytes: number;
  mentions: number;
  lang: 'he' | 'ar';
}

/** What the setup keeps per document in the cache (the view is read again: documents.get). */
export interface CachedDoc {
  file: string;
  bytes: number;
  lang: 'he' | 'ar';
  id: string;
  /** The id of the mention the mention list shows last (the greatest start; of those the shortest, then type). */
  lastMentionId: string;
  /** Word tokens no mention touches, as (paragraph, start16, end16), in the first paragraphs. */
  free: { paragraph: number; start16: number; end16: number }[];
}

/**
 * The seeds of a document's text and mentions: the same with or without --only, --quick or --big
 * (those of the first three sizes as before the 20 MB case was added).
 */
export function seeds(bytes: number, lang: 'he' | 'ar'): { text: number; mentions: number } {
  const k = ALL_SIZES.findIndex((s) => s.bytes === bytes) * 2 + (lang === 'he' ? 0 : 1);
  return k < 6 ? { text: 1 + k, mentions: 7 + k } : { text: 15 + k, mentions: 17 + k };
}

/**
 * Generates the documents (their files imported through the service, their mentions written
 * through the store, with `reviewer` a second annotator's set on the 1 MB and 5 MB Hebrew ones)
 * into `dir/bench.qalam`, and what the measures need of each into `dir/docs.json`.
 */
function buildBenchProject(dir: string, files: BenchFile[], reviewer: boolean): void {
  const corpus = join(dir, 'corpus');
  mkdirSync(corpus);
  for (const f of files) writeFileSync(join(corpus, `${f.file}.txt`), generateText(f.bytes, f.lang, seeds(f.bytes, f.lang).text));
  const service = initProject(join(dir, 'bench.qalam'));
  try {
    service.call('session.setAnnotator', { name: 'bench' });
    service.call('documents.importPaths', { paths: [corpus] });
    const list = service.call('documents.list', {});
    const store = service.store;
    const now = new Date(0).toISOString();
    const docs: CachedDoc[] = [];
    store.transaction(() => {
      for (const f of files) {
        const info = list.find((d) => d.name === f.file);
        if (!info) throw new Error(`${f.file} was not imported`);
        const text = store.getDocument(info.id)!.text;
        const mentions = generateMentions(text, f.mentions, seeds(f.bytes, f.lang).mentions);
        for (const m of mentions) {
          store.insertMention({ ...m, docId: info.id, annotator: 'bench', origin: 'import', createdAt: now, updatedAt: now });
        }
        // A second annotator for the review screen: the same mentions, every 20th of another type,
        // every 25th left out (some 900 disagreements per 10,000 mentions).
        if (reviewer && f.lang === 'he' && f.bytes >= 1_000_000 && f.bytes <= 5_000_000) {
          store.ensureAnnotator(REVIEWER, now);
          const taken = new Set(mentions.map((m) => `${m.type}:${m.start}:${m.end}`));
          mentions.forEach((m, i) => {
            if (i % 25 === 24) return;
            const other = m.type === 'PER' ? 'ORG' : 'PER';
            const type = i % 20 === 19 && !taken.has(`${other}:${m.start}:${m.end}`) ? other : m.type;
            store.insertMention({ ...m, type, docId: info.id, annotator: REVIEWER, origin: 'import', createdAt: now, updatedAt: now });
          });
        }
        const view = service.call('documents.get', { id: info.id });
        const last = service.call('mentions.list', { docId: info.id }).reduce((a, b) => (b.start > a.start || (b.start === a.start && (b.end < a.end || (b.end === a.end && b.type.localeCompare(a.type) > 0))) ? b : a));
        docs.push({ file: f.file, bytes: f.bytes, lang: f.lang, id: info.id, lastMentionId: last.id, free: freeWords(view, mentions) });
      }
    });
    writeFileSync(join(dir, 'docs.json'), JSON.stringify(docs));
    // The tagger's model, kept in the project (migration 016) as the app keeps it after a training:
    // each run's first training (run.ts, suggestions.train) loads it instead of training (~10 s CPU).
    // (none below two annotated documents: the app trains none either)
    if (docs.length >= 2) trainAndKeep(store, 'bench', TAGGER_SEED, MAX_TRAINING_WORDS);
  } finally {
    service.close();
  }
  rmSync(corpus, { recursive: true, force: true });
}

/**
 * The project of `files` copied from the cache to `root/bench.qalam` (built when the generator,
 * the store's migrations, the importer or this builder changed), opened as the annotator `bench`,
 * with what the cache keeps of each document.
 */
export function openBenchProject(root: string, files: BenchFile[], options: { reviewer: boolean; cacheName: string }): { service: QalamService; docs: CachedDoc[] } {
  // the kept model's format too: a project cached with a model of another format would train at each run's first training
  const params = { files, seeds: files.map((f) => seeds(f.bytes, f.lang)), reviewer: options.reviewer, modelFormat: MODEL_FORMAT };
  const dir = cachedFolder(cacheKey(options.cacheName, buildBenchProject, params), (d) => buildBenchProject(d, files, options.reviewer));
  cachedCopy(join(dir, 'bench.qalam'), join(root, 'bench.qalam'));
  const docs = JSON.parse(readFileSync(join(dir, 'docs.json'), 'utf8')) as CachedDoc[];
  const service = openService(join(root, 'bench.qalam'));
  service.call('session.setAnnotator', { name: 'bench' });
  return { service, docs };
}

/** Untagged words of the first paragraphs, as DOM positions (for the label runs). */
function freeWords(view: DocumentView, mentions: { start: number; end: number }[]): CachedDoc['free'] {
  const out: CachedDoc['free'] = [];
  const shown = Math.min(view.paragraphs.length, 6);
  const limit = view.paragraphs[shown - 1]?.end ?? 0;
  const near = mentions.filter((m) => m.start < limit);
  const covered = (s: number, e: number) => near.some((m) => m.start < e && s < m.end);
  const offsets = new OffsetMap(view.text);
  for (let p = 0; p < shown && out.length < 200; p++) {
    const para = view.paragraphs[p]!;
    const text = view.text.slice(offsets.toUtf16(para.start), offsets.toUtf16(para.end));
    let cp = 0;
    let u16 = 0;
    const toU16 = (target: number) => {
      while (cp < target) {
        u16 += (text.codePointAt(u16) ?? 0) > 0xffff ? 2 : 1;
        cp++;
      }
      return u16;
    };
    for (const t of tokenize(text)) {
      if (t.kind !== 'word' || covered(para.start + t.start, para.start + t.end)) continue;
      const s16 = toU16(t.start);
      const e16 = toU16(t.end);
      out.push({ paragraph: p, start16: s16, end16: e16 });
    }
  }
  return out;
}
