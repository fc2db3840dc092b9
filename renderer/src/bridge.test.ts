import { describe, expect, it } from 'vitest';
import { userMessage } from './bridge';

describe('userMessage', () => {
  it('never names an internal call', () => {
    expect(userMessage({ code: 'no-annotator', message: 'no annotator is set: say who you are first (session.setAnnotator)' })).toBe(
      'no annotator is set: say who you are first',
    );
    expect(userMessage({ code: 'internal', message: 'documents.get: the project is closed' })).toBe('the project is closed');
  });
  it('keeps the file and line, and ordinary parentheses', () => {
    expect(userMessage({ code: 'import-failed', message: 'bad tag (line 3 of 4)', file: 'a.conll', line: 3 })).toBe('bad tag (line 3 of 4) (a.conll:3)');
  });
});
