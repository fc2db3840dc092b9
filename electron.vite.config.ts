import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { startPreload } from './renderer/startPreload';

export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        // suggestWorker: the tagger's thread, agreementWorker: corpus agreement's (electron/service/workerThread.ts starts them from beside index.js)
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          suggestWorker: resolve(__dirname, 'electron/service/suggestWorker.ts'),
          agreementWorker: resolve(__dirname, 'electron/service/agreementWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react(), startPreload()],
    build: {
      manifest: true,
      // electron-vite leaves the renderer unminified by default (1.2 MB for the first chunk):
      // minified as renderer/vite.config.ts builds it for the tests and the benchmark, the window
      // parses half as much at start (issue 15).
      minify: true,
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
