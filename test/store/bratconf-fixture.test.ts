/**
 * brat's own example annotation.conf (test/fixtures/brat, MIT, see its LICENSE.md) through
 * annotations/formats/bratconf.ts. Here rather than beside the code because the pure core's tests
 * may not read files.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBratConf, writeBratConf } from '../../annotations/formats/bratconf';
import { REPO_ROOT } from './helpers';

const BRAT_NEWS = readFileSync(`${REPO_ROOT}test/fixtures/brat/annotation.conf`, 'utf8');

describe('brat example annotation.conf', () => {
  it("reads brat's own example annotation.conf (ACE-style news)", () => {
    const s = parseBratConf(BRAT_NEWS, 'annotation.conf');
    expect(s.entityTypes.map((t) => t.name)).toEqual(['Person', 'Organization', 'GPE', 'Money']);
    expect(s.relationTypes.map((t) => t.name)).toEqual(['Located', 'Geographical_part', 'Family', 'Employment', 'Ownership', 'Origin', 'Alias']);
    expect(s.relationTypes.find((r) => r.name === 'Alias')).toMatchObject({ symmetric: true, transitive: true });
    expect(s.eventTypes.map((t) => [t.name, t.parent ?? null, t.abstract ?? false])).toEqual([
      ['Life', null, true],
      ['Be-born', 'Life', false],
      ['Marry', 'Life', false],
      ['Divorce', 'Life', false],
      ['Die', 'Life', false],
      ['Transaction', null, true],
      ['Transfer-ownership', 'Transaction', false],
      ['Transfer-money', 'Transaction', false],
      ['Business', null, true],
      ['Start-org', 'Business', false],
      ['Merge-org', 'Business', false],
      ['End-org', 'Business', false],
      ['Report', null, false],
    ]);
    const die = s.eventTypes.find((t) => t.name === 'Die');
    expect(die?.roles).toEqual([
      { name: 'Person-Arg', types: ['Person'], cardinality: '1' },
      { name: 'Agent-Arg', types: ['Person', 'Organization', 'GPE'], cardinality: '?' },
      { name: 'Place-Arg', types: ['GPE'], cardinality: '?' },
    ]);
    expect(s.eventTypes.find((t) => t.name === 'Marry')?.roles[0]?.cardinality).toBe('{2}');
    expect(s.eventTypes.find((t) => t.name === 'Merge-org')?.roles[0]?.cardinality).toBe('+');
    expect(s.attributes.map((a) => [a.name, a.appliesTo, a.values])).toEqual([
      ['Individual', ['<ENTITY>'], []],
      ['Mention', ['<ENTITY>'], ['Name', 'Nominal', 'Other']],
      ['Negation', ['<EVENT>'], []],
      ['Confidence', ['<EVENT>'], ['High', 'Neutral', 'Low']],
    ]);
    // and writing it out and reading it back changes nothing; writing again gives the same text
    const text = writeBratConf(s);
    expect(parseBratConf(text, 'again.conf')).toEqual(s);
    expect(writeBratConf(parseBratConf(text, 'again.conf'))).toBe(text);
  });

});
