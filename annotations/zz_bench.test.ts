import { it } from 'vitest';
// eslint-disable-next-line no-restricted-imports
import { readFileSync } from 'node:fs';
import * as core from './index';
it('bench', () => {
  const base = readFileSync('seeds/000_02cc41fc914e2978.txt', 'utf8') + readFileSync('seeds/004_34706c9f770e00bd.txt', 'utf8');
  let t = ''; while (t.length < 2_800_000) t += base;
  for (let k = 0; k < 3; k++) {
    let t0 = performance.now(); core.detectLang(t); console.log('detectLang', performance.now() - t0);
    t0 = performance.now(); core.tokenize(t + k); console.log('tokenize', performance.now() - t0);
    t0 = performance.now(); core.paragraphDirection(t, 'ltr'); console.log('pd', performance.now() - t0);
  }
});
