import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEventStream } from './event-stream.ts';
import { freePort } from '../support/free-port.ts';

const ROOT = join(import.meta.dirname, '..', '..');

describe('stopping the server process', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'exits within 5 s on %s although a device holds a poke stream, a kept-alive and a spare connection',
    async (signal) => {
      const tmp = mkdtempSync(join(tmpdir(), 'zoufang-stop-'));
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      let output = '';
      const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'server', 'main.ts')], {
        cwd: ROOT,
        env: {
          ...process.env,
          PORT: String(port),
          HOST: '127.0.0.1',
          DATABASE_URL: `sqlite:${join(tmp, 'db.sqlite')}`,
          STATIC_DIR: join(tmp, 'none'),
          DEMO_PASSWORD: 'zoufang-demo',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
      proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const exited = new Promise<number>((resolve) => proc.once('exit', () => resolve(Date.now())));
      try {
        const deadline = Date.now() + 60_000;
        while (!output.includes('listening')) {
          if (Date.now() > deadline || proc.exitCode !== null)
            throw new Error(`server did not start:\n${output}`);
          await new Promise((r) => setTimeout(r, 100));
        }
        const login = await fetch(`${url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'worker1', password: 'zoufang-demo' }),
        });
        const { token } = (await login.json()) as { token: string };
        const stream = await openEventStream(url, token);
        await stream.next('ready');
        // fetch keeps its connection alive after this answer; the raw socket never sends a request.
        expect(
          (await fetch(`${url}/api/org`, { headers: { authorization: `Bearer ${token}` } })).status,
        ).toBe(200);
        const spare = connect(port, '127.0.0.1');
        await new Promise((r) => spare.once('connect', r));

        const t0 = Date.now();
        proc.kill(signal);
        const t1 = await Promise.race([exited, new Promise<number>((r) => setTimeout(() => r(-1), 10_000))]);
        spare.destroy();
        stream.close();
        expect(t1, `server still running 10 s after ${signal}:\n${output}`).toBeGreaterThan(0);
        expect(t1 - t0).toBeLessThan(5_000);
        expect(proc.exitCode).toBe(0);
      } finally {
        if (proc.exitCode === null) proc.kill('SIGKILL');
        await exited;
        rmSync(tmp, { recursive: true, force: true });
      }
    },
    90_000,
  );
});
