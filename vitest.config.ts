import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,stack,worker,cli,web}/src/**/*.test.ts', 'tests/**/*.test.ts', 'scripts/**/*.test.ts'],
    globalSetup: ['./vitest.global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
