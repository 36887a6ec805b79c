// Two projects: `unit` is pure and fast (no Docker); `e2e` drives the real engine and fixture images.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          // One engine, two cores: e2e files run one at a time so timings and disk stay sane.
          fileParallelism: false,
        },
      },
    ],
  },
});
