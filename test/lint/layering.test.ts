// The layering rules in eslint.config.js are part of the architecture: these tests make sure they
// still fire (a rule that silently stopped matching would let the core grow a runtime dependency).
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${file}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals').map((m) => m.message);
}

describe('annotations/ is the pure core', () => {
  for (const mod of ['node:fs', 'fs', 'electron', 'react', 'lexical', '@lexical/react/LexicalComposer', 'better-sqlite3', 'zod']) {
    it(`refuses an import of ${mod}`, async () => {
      const messages = await restricted('annotations/zz-probe.ts', `import x from '${mod}';\nexport const y = x;\n`);
      expect(messages.length).toBe(1);
      expect(messages[0]).toMatch(/pure core/);
    });
  }
  it('refuses reaching into electron/ or renderer/', async () => {
    expect(await restricted('annotations/zz-probe.ts', `import { x } from '../electron/service/service';\nexport const y = x;\n`)).not.toEqual([]);
    expect(await restricted('annotations/zz-probe.ts', `import { x } from '../renderer/src/bridge';\nexport const y = x;\n`)).not.toEqual([]);
  });
  it('refuses runtime globals', async () => {
    expect(await restricted('annotations/zz-probe.ts', `export const y = window.location;\n`)).toHaveLength(1);
    expect(await restricted('annotations/zz-probe.ts', `export const y = process.env;\n`)).toHaveLength(1);
  });
  it('allows core-internal imports', async () => {
    expect(await restricted('annotations/zz-probe.ts', `import { cpLength } from './text';\nexport const y = cpLength;\n`)).toEqual([]);
  });
});

describe('the renderer talks only to the bridge', () => {
  it('may import the contract', async () => {
    expect(await restricted('renderer/src/zz-probe.ts', `import type { Result } from '../../electron/contract';\nexport type Y = Result<1>;\n`)).toEqual([]);
  });
  for (const spec of ['node:fs', 'electron', 'better-sqlite3', '../../electron/store/store', '../../electron/service/service', '../../electron/main/ipc']) {
    it(`refuses ${spec}`, async () => {
      expect(await restricted('renderer/src/zz-probe.ts', `import x from '${spec}';\nexport const y = x;\n`)).toHaveLength(1);
    });
  }
});

describe('inside the renderer, imports point one way (app → events → editor → state)', () => {
  const probe = (dir: string, spec: string) => restricted(`renderer/src/${dir}/zz-probe.ts`, `import x from '${spec}';\nexport const y = x;\n`);
  it('only the shell imports app/', async () => {
    expect(await probe('app', './App')).toEqual([]);
    for (const dir of ['events', 'editor', 'review', 'state', 'editor/plugins']) {
      const up = dir.includes('/') ? '../../' : '../';
      expect(await probe(dir, `${up}app/App`), dir).toHaveLength(1);
    }
  });
  it('the editor does not import the events layer; events may import the editor', async () => {
    expect(await probe('editor', '../events/EventsPlugin')).toHaveLength(1);
    expect(await probe('editor/plugins', '../../events/EventsPlugin')).toHaveLength(1);
    expect(await probe('events', '../editor/context')).toEqual([]);
  });
  it('the state imports no view, and every view may read the state', async () => {
    for (const view of ['editor/context', 'events/EventPanel', 'overlay/OverlayController', 'review/ReviewScreen']) expect(await probe('state', `../${view}`), view).toHaveLength(1);
    expect(await probe('state', '../bridge')).toEqual([]);
    expect(await probe('editor', '../state/workspace')).toEqual([]);
    // The bridge rules still hold in the narrower folders.
    expect(await probe('state', 'node:fs')).toHaveLength(1);
  });
});

describe('the service and store are transport-free', () => {
  for (const spec of ['electron', 'react', 'lexical']) {
    it(`refuses ${spec} in electron/service`, async () => {
      expect(await restricted('electron/service/zz-probe.ts', `import x from '${spec}';\nexport const y = x;\n`)).toHaveLength(1);
    });
  }
});
