import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { startPreload } from './startPreload';

// The renderer alone, for the end-to-end tests and the benchmark, which serve it to Debian
// Chromium with the bridge provided by the test. Same sources and output as electron-vite's
// renderer build (electron.vite.config.ts).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react(), startPreload()],
  build: {
    // .vite/manifest.json: the chunks and what each imports, read by test/e2e/start.spec.ts (the
    // entry chunk imports none of the lazy screens or the Hebrew and Arabic catalogues).
    manifest: true,
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
  },
});
