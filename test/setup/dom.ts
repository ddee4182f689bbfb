import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/preact';

// @testing-library/preact does not clean up by itself without vitest globals.
afterEach(() => {
  cleanup();
});
