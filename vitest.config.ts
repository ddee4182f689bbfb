import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

// One runner, six projects. `npm run test:unit` runs the fast ones; `npm run test:e2e` builds the app
// and drives real Chromium, then WebKitGTK, against the real server.
export default defineConfig({
  plugins: [preact()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: [
            'test/model/**/*.test.ts',
            'test/protocol/**/*.test.ts',
            'test/db/**/*.test.ts',
            'test/sync/**/*.test.ts',
            'test/net/**/*.test.ts',
          ],
          setupFiles: ['test/setup/fake-indexeddb.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'components',
          environment: 'happy-dom',
          // Some store tests sign in against the real server: a login hashes with scrypt at N=2^17 (S5), ~0.35 s
          // each on this hardware and more on a loaded CI machine.
          testTimeout: 15_000,
          include: ['test/ui/**/*.test.tsx', 'test/stores/**/*.test.ts'],
          setupFiles: ['test/setup/fake-indexeddb.ts', 'test/setup/dom.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          environment: 'node',
          include: ['test/server/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'sim',
          environment: 'node',
          include: ['test/sim/**/*.test.ts'],
          setupFiles: ['test/setup/fake-indexeddb.ts'],
          testTimeout: 600_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          // The offline core again in WebKitGTK (MiniBrowser + WebKitWebDriver on Xvfb); fails when missing.
          name: 'webkit',
          environment: 'node',
          include: ['test/webkit/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
