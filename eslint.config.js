// Layering is enforced here (VS Code style): the core may import nothing from a runtime,
// the renderer may not reach the store, the service or Node.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const runtimeModules = ['electron', 'electron/*', 'react', 'react/*', 'react-dom', 'react-dom/*', 'lexical', '@lexical/*', 'better-sqlite3', 'node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'child_process', 'url', 'util', 'stream', 'buffer', 'worker_threads', 'zod'];

const rendererPatterns = [
  { regex: '^(electron|better-sqlite3|fs|path|os|child_process)(/.*)?$|^node:', message: 'The renderer talks only to window.qalam (electron/contract.ts): no Node, no Electron, no database.' },
  { regex: '/electron/(store|service|main|cli|preload)(/|$)', message: 'The renderer talks only to window.qalam (electron/contract.ts).' },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'release/**', 'test-results/**', '.bench/**', 'scratch/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['annotations/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: runtimeModules, message: 'annotations/ is the pure core: it runs unchanged in Node, main and renderer, so it imports no runtime (electron, react, lexical, node:*, better-sqlite3).' },
                   { group: ['**/electron/**', '**/renderer/**', '../electron', '../renderer'], message: 'The core does not know its callers.' }],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'require', 'Buffer', '__dirname'],
    },
  },
  {
    files: ['renderer/src/**/*.ts', 'renderer/src/**/*.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: rendererPatterns }] },
  },
  // A hook called after an early return hangs the page without an error (it happened): React's own rules.
  {
    files: ['renderer/src/**/*.tsx', 'renderer/src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error' },
  },
  // Inside the renderer, imports point one way: app → events → editor → state (docs/architecture.md).
  {
    files: ['renderer/src/!(app)/**/*.ts', 'renderer/src/!(app)/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...rendererPatterns, { regex: '^\\.\\./(\\.\\./)?app/', message: 'Only the shell (app/) imports app/: pass what a feature needs in.' }] }],
    },
  },
  {
    files: ['renderer/src/editor/**/*.ts', 'renderer/src/editor/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...rendererPatterns,
        { regex: '^\\.\\./(\\.\\./)?app/', message: 'Only the shell (app/) imports app/: pass what a feature needs in.' },
        { regex: '^\\.\\./(\\.\\./)?events/', message: 'The editor does not know the events layer: App passes <EventsPlugin /> into <DocumentEditor> as a child.' }] }],
    },
  },
  {
    files: ['renderer/src/state/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...rendererPatterns,
        { regex: '^\\.\\./(app|events|editor|review|overlay)/', message: 'The state knows no view: it talks to the bridge and is read by the views.' }] }],
    },
  },
  {
    files: ['electron/service/**/*.ts', 'electron/store/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['electron', 'electron/*', 'react', 'react/*', 'lexical', '@lexical/*', '**/renderer/**'], message: 'The service and store are transport-free: no electron, no UI.' }],
      }],
    },
  },
);
