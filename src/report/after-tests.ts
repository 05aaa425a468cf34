/**
 * Runs a test command, then builds the report from the results it wrote: the wrapper of
 * `npm test` and `npm run reproduce`.
 *
 *   tsx src/report/after-tests.ts vitest run --project claims [extra vitest arguments]
 *
 * The report is built only when this run rewrote the results file (a run that selected no
 * claim leaves an older file, which is not reported again), and also when tests failed, so
 * that a reviewer sees the failing claims. The exit code is the test command's when it
 * failed, else the report's.
 */
import { stat } from 'node:fs/promises';
import { execa } from 'execa';
import { resultsPath } from '../claims/reporter.ts';
import { runReport } from './main.ts';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  process.stderr.write('usage: tsx src/report/after-tests.ts <test command> [arguments]\n');
  process.exit(2);
}

async function modifiedAt(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return undefined;
  }
}

const path = resultsPath();
const before = await modifiedAt(path);
const tests = await execa(command, args, { stdio: 'inherit', preferLocal: true, reject: false });
const after = await modifiedAt(path);

let reportCode = 0;
if (after !== undefined && after !== before) {
  reportCode = await runReport({ results: path });
} else {
  process.stdout.write(`No claim wrote ${path} in this run; the report was not rebuilt.\n`);
}
process.exitCode = tests.exitCode !== 0 ? (tests.exitCode ?? 1) : reportCode;
