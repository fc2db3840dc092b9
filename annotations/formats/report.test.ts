import { describe, expect, it } from 'vitest';
import { ImportLedger, describeLoss, strictRefusal } from './report';

describe('import ledger', () => {
  it('folds losses with the same file, kind and cause, keeping the first line and adding the counts', () => {
    const l = new ImportLedger();
    l.lose({ file: 'a.conll', line: 7, kind: 'entities', what: 'widened to the whole token' });
    l.lose({ file: 'a.conll', line: 9, kind: 'entities', what: 'widened to the whole token', count: 2 });
    l.lose({ file: 'b.conll', line: 1, kind: 'entities', what: 'widened to the whole token' });
    expect(l.losses).toEqual([
      { file: 'a.conll', line: 7, kind: 'entities', what: 'widened to the whole token', count: 3 },
      { file: 'b.conll', line: 1, kind: 'entities', what: 'widened to the whole token', count: 1 },
    ]);
    expect(describeLoss(l.losses[0]!)).toBe('a.conll:7: 3 entities widened to the whole token (first at this line)');
    expect(describeLoss(l.losses[1]!)).toBe('b.conll:1: 1 entity widened to the whole token');
  });

  it('counts read and kept per kind and remembers which kinds a parser counted', () => {
    const l = new ImportLedger();
    l.read('relations', 0);
    l.read('entities', 4);
    l.kept('entities', 3);
    expect(l.counts.entities).toEqual({ read: 4, kept: 3 });
    expect([...l.counted].sort()).toEqual(['entities', 'relations']);
  });

  it('a strict import is refused when anything was lost, and names what', () => {
    expect(strictRefusal([])).toBeNull();
    const msg = strictRefusal([{ file: 'x.bmes', line: 3, kind: 'entities', what: 'widened', count: 1 }]);
    expect(msg).toMatch(/^--strict: nothing imported/);
    expect(msg).toContain('x.bmes:3');
  });
});
