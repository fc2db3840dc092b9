/** brat standoff: a folder of `<name>.txt` + `<name>.ann` per document (per split), and annotation.conf. */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeBratAnn } from '../../../annotations/formats/brat';
import { bratNames, writeBratConf } from '../../../annotations/formats/bratconf';
import { safeFileName, writeFileAtomic } from '../safeWrite';
import type { WriterFactory } from './writer';

export const brat: WriterFactory = (ctx) => {
  const names = bratNames(ctx.schema);
  /** File names used per folder (case-insensitively: two documents never share one). */
  const used = new Map<string, Set<string>>();
  return {
    ownFiles: true,
    write: (rec, at, target) => {
      const dir = at.split === '' ? target.tmp : join(target.tmp, at.split);
      if (!existsSync(dir)) mkdirSync(dir);
      const taken = used.get(dir) ?? new Set<string>();
      used.set(dir, taken);
      let name = safeFileName(rec.name, '_');
      if (taken.has(name.toLowerCase())) name = `${name}-${rec.id}`;
      taken.add(name.toLowerCase());
      writeFileAtomic(join(dir, `${name}.txt`), rec.text, true);
      writeFileAtomic(join(dir, `${name}.ann`), writeBratAnn(rec, ctx.schema, at.map, names), true);
    },
    close: (target) => writeFileAtomic(join(target.tmp, 'annotation.conf'), writeBratConf(ctx.schema), true),
    report: (report) => {
      for (const [name, b] of names) {
        if (b !== name && b !== name.replace(/:/g, '-')) report.messages.push(`${name} written as ${b} in brat (another name is ${name.replace(/:/g, '-')}); annotation.conf records it`);
      }
    },
  };
};
