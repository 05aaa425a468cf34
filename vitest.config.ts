import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './src/claims/reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'claims',
          include: ['claims/**/*.spec.ts'],
          testTimeout: 600_000,
          // Claim files run in parallel on every core; runs they share are cached on disk.
          fileParallelism: true,
        },
      },
    ],
  },
});
