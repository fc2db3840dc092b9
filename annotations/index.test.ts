import { describe, it, expect } from 'vitest';
import * as core from './index';

describe('index', () => {
  it('re-exports the documented API', () => {
    for (const name of [
      'CoreError', 'cpLength', 'cpSlice', 'OffsetMap', 'graphemeBoundaries', 'isGraphemeBoundary', 'snapToGraphemes',
      'tokenize', 'snapToWords', 'wordCoverage', 'detectLang', 'paragraphDirection', 'splitParagraphs', 'decodeText',
      'DEFAULT_SCHEMA', 'parseSchemaJson', 'validateSchema', 'checkSpan', 'toNativeRecord', 'stringifyNativeRecord',
      'parseNativeJsonl', 'NEWS_SCHEMA', 'parseBratConf', 'writeBratConf', 'validateDocument', 'cardinalityBounds', 'withSchemaDefaults',
    ]) {
      expect(core, name).toHaveProperty(name);
    }
  });

  it('CoreError carries code, file and line', () => {
    const e = new core.CoreError('import-failed', 'a.txt:3: bad', { file: 'a.txt', line: 3 });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('CoreError');
    expect(e.code).toBe('import-failed');
    expect(e.file).toBe('a.txt');
    expect(e.line).toBe(3);
    expect(core.isCoreError(e)).toBe(true);
    const bare = new core.CoreError('invalid-argument', 'x');
    expect('file' in bare).toBe(false);
    expect(bare.line).toBeUndefined();
  });
});
