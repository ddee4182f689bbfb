import { join } from 'node:path';
import { build, type Rolldown } from 'vite';

const ROOT = join(import.meta.dirname, '..');

/**
 * A bench page script (bench/client.ts, bench/sync-client.ts) bundled with the app's own modules into one
 * IIFE that assigns its exports to `globalThis[name]`, for `page.addScriptTag` in Chromium.
 */
export async function bundleForPage(entry: string, name: string): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    root: ROOT,
    build: {
      write: false,
      minify: true,
      lib: { entry: join(ROOT, 'bench', entry), formats: ['iife'], name },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  for (const out of outputs) for (const item of out.output) if (item.type === 'chunk') return item.code;
  throw new Error(`bench bundle of ${entry} is empty`);
}
