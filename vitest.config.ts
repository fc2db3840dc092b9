import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['annotations/**/*.test.ts', 'test/lint/**/*.test.ts', 'test/main/**/*.test.ts', 'test/store/**/*.test.ts', 'test/service/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/bench/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    pool: 'forks',
  },
});
