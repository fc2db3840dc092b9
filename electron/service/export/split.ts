/** A reproducible train/dev/test split by document (export --split, --seed). */
import { ServiceError } from '../errors';
import { seededRandom } from '../../../annotations/random';

/** `train=0.8,dev=0.1,test=0.1` → ordered [name, share] pairs (shares normalised to sum 1). */
export function parseSplit(spec: string): [string, number][] {
  const parts = spec.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const out: [string, number][] = [];
  for (const p of parts) {
    const m = /^([A-Za-z][\w-]*)=(\d+(?:\.\d+)?)$/.exec(p);
    if (m === null) throw new ServiceError('invalid-argument', `--split: expected name=share pairs like train=0.8,dev=0.1,test=0.1, not ${JSON.stringify(p)}`);
    if (out.some(([n]) => n === m[1])) throw new ServiceError('invalid-argument', `--split: ${m[1]} appears twice`);
    out.push([m[1] as string, Number(m[2])]);
  }
  const sum = out.reduce((a, [, x]) => a + x, 0);
  if (out.length === 0 || !(sum > 0)) throw new ServiceError('invalid-argument', '--split: the shares must add up to more than 0');
  return out.map(([n, x]) => [n, x / sum]);
}

/** Split name per document id: a seeded shuffle of `ids` cut by the shares (rounded cumulatively). */
export function assignSplits(ids: readonly string[], split: [string, number][], seed: number): Map<string, string> {
  const order = [...ids];
  const rnd = seededRandom(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [order[i], order[j]] = [order[j] as string, order[i] as string];
  }
  const out = new Map<string, string>();
  let cum = 0;
  let from = 0;
  split.forEach(([name, share], k) => {
    cum += share;
    const to = k === split.length - 1 ? order.length : Math.round(cum * order.length);
    for (let i = from; i < to; i++) out.set(order[i] as string, name);
    from = Math.max(from, to);
  });
  return out;
}
