import { createInterface } from 'node:readline';

/**
 * Reads one secret line from standard input, never from the command line (arguments show in `ps`, shell
 * history and CI logs). On a terminal it prompts on stderr and does not echo; from a pipe it takes the first
 * line (`printf '%s\n' "$PW" | npm run admin -- user add …`). Rejects when stdin ends before a line.
 */
export function readSecret(prompt: string): Promise<string> {
  const input = process.stdin;
  const tty = input.isTTY;
  if (tty) process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input, terminal: false });
    let done = false;
    if (tty) input.setRawMode(false);
    rl.once('line', (line) => {
      done = true;
      rl.close();
      if (tty) process.stderr.write('\n');
      resolve(line.replace(/\r$/, ''));
    });
    rl.once('close', () => {
      if (!done) reject(new Error('标准输入中没有密码（请在提示后输入，或通过管道传入一行）'));
    });
  });
}
