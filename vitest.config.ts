import { defineConfig } from 'vitest/config';

// Three projects: unit tests run on plain data; integration tests drive a real Docker engine and are
// slow (each builds images), so they get long timeouts and run one file at a time to keep the
// engine's load, and the wall-clock gaps the builds depend on, predictable. The corpus builds its
// Dockerfiles of common patterns once in its global setup (scripts/corpus.sh), then grades the
// reports against hand-written analyses and an independent reader.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/integration/**', 'test/corpus/corpus.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          globalSetup: ['test/integration/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'corpus',
          include: ['test/corpus/corpus.test.ts'],
          testTimeout: 300_000,
          fileParallelism: false,
          globalSetup: ['test/corpus/global-setup.ts'],
        },
      },
    ],
  },
});
