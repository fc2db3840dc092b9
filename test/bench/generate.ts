/**
 * Deterministic generator of benchmark documents: Hebrew and Arabic paragraphs with Latin runs,
 * digits, niqqud and harakat, plus entity mentions on whole words. Offsets are code points.
 */
import { tokenize } from '../../annotations/tokenize';
import { seededRandom as rng } from '../../annotations/random';

const HE_WORDS = [
  'הממשלה', 'בקזחסטן', 'המפגינים', 'כוחות', 'הביטחון', 'רוסיה', 'שלחה', 'צנחנים', 'לסייע', 'בירושלים',
  'העיר', 'הגדולה', 'ביותר', 'מדווחים', 'הבוקר', 'קולות', 'ירי', 'בכיכר', 'המרכזית', 'האינטרנט', 'הופסקו',
  'שָׁלוֹם', 'יְרוּשָׁלַיִם', 'הנשיא', 'טוקאייב', 'התפטרה', 'צה"ל', 'ארה״ב', 'ומשטרה', 'לשדה', 'התעופה',
];
const AR_WORDS = [
  'أعلنت', 'الرئاسة', 'في', 'كازاخستان', 'اليوم', 'الحكومة', 'قدمت', 'استقالتها', 'للرئيس', 'المتظاهرين',
  'الشوارع', 'وأضرموا', 'النار', 'مبان', 'رسمية', 'مطار', 'البلاد', 'ألماتي', 'مدينة', 'بكازاخستان',
  'مُحَمَّدٌ', 'الشرطة', 'الجيش', 'روسيا', 'قوات', 'حفظ', 'السلام', 'جدًا', 'والمتمردون', 'الإنترنت',
];
const LATIN = ['(צילום: reuters)', 'AFP', 'CSTO', 'Almaty 2022', 'BBC News', 'iPhone 13'];
const TYPES = ['PER', 'ORG', 'GPE', 'LOC', 'FAC', 'WEA', 'VEH', 'TIME'];

export interface GeneratedDoc {
  text: string;
  mentions: { type: string; start: number; end: number }[];
}

/** About `sizeBytes` of UTF-8 text in paragraphs of 40–120 words, mostly one script per paragraph. */
export function generateText(sizeBytes: number, lang: 'he' | 'ar', seed: number): string {
  const r = rng(seed);
  const main = lang === 'he' ? HE_WORDS : AR_WORDS;
  const other = lang === 'he' ? AR_WORDS : HE_WORDS;
  const paras: string[] = [];
  let bytes = 0;
  const enc = new TextEncoder();
  while (bytes < sizeBytes) {
    const n = 40 + Math.floor(r() * 80);
    const words: string[] = [];
    for (let i = 0; i < n; i++) {
      const x = r();
      if (x < 0.02) words.push(LATIN[Math.floor(r() * LATIN.length)]!);
      else if (x < 0.04) words.push(String(Math.floor(r() * 100000)));
      else if (x < 0.05) words.push(other[Math.floor(r() * other.length)]!);
      else words.push(main[Math.floor(r() * main.length)]!);
      if (r() < 0.08) words[words.length - 1] += r() < 0.5 ? ',' : '.';
    }
    const p = words.join(' ');
    paras.push(p);
    bytes += enc.encode(p).length + 1;
  }
  return paras.join('\n') + '\n';
}

/** `count` mentions on whole word tokens (some nested: a second type on a 2-token span). */
export function generateMentions(text: string, count: number, seed: number): GeneratedDoc['mentions'] {
  const r = rng(seed);
  const words = tokenize(text).filter((t) => t.kind === 'word');
  if (words.length === 0) return [];
  const out: GeneratedDoc['mentions'] = [];
  const seen = new Set<string>();
  let guard = 0;
  while (out.length < count && guard++ < count * 20) {
    const i = Math.floor(r() * words.length);
    const span = r() < 0.15 && i + 1 < words.length ? 2 : 1;
    const start = words[i]!.start;
    const end = words[i + span - 1]!.end;
    const type = TYPES[Math.floor(r() * TYPES.length)]!;
    const key = `${type}:${start}:${end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ type, start, end });
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}
