import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The compiled CLI and web host, current before tests start them as processes.
    globalSetup: ['tests/support/build-node-setup.ts'],
    // Real SQLite files, real PDFs and worker threads: give them room on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // expect.poll waits for what a page shows; 1 s (the default) is too short for a
    // debounced search or a sync on a loaded CI machine (seen flaking there).
    expect: { poll: { timeout: 15_000 } },
  },
});
