import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { projectRoot } from '../engine/provenance.ts';

/** One benchmark figure, with the peers' figure for the same work when there is one. */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  /** The peer's figure (BENCHMARKS.md) and who it is, for a side-by-side ratio. */
  peer?: { value: number; label: string };
  /** A target from an issue, for example "< 60 s", and whether it is met. */
  target?: { text: string; met: boolean };
}

/** A group of benchmarks; files named `src/bench/*.bench.ts` export one as `suite`. */
export interface BenchSuite {
  name: string;
  run(): Promise<BenchFigure[]>;
}

/**
 * Median seconds per call of `fn`: one untimed call, then the batch size doubles until a
 * batch takes ≥ 0.3 s, and the median of `repeats` such batches is reported (the peers'
 * timer, BENCHMARKS.md).
 */
export function secondsPerCall(fn: () => void, repeats = 5): number {
  fn();
  let batch = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < batch; i++) fn();
    if (performance.now() - start >= 300) break;
    batch *= 2;
  }
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    for (let i = 0; i < batch; i++) fn();
    times.push((performance.now() - start) / 1000 / batch);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/**
 * Wall seconds of `vitest run --project claims <files>` on an empty run cache (a fresh
 * temporary folder), so every run is computed as on a clean CI machine.
 */
export async function claimsWallSeconds(files: string[]): Promise<number> {
  const cache = await mkdtemp(join(tmpdir(), 'catapult-bench-'));
  try {
    const start = performance.now();
    await execa('npx', ['vitest', 'run', '--project', 'claims', ...files], {
      cwd: projectRoot,
      env: { CATAPULT_CACHE_DIR: cache, CATAPULT_RESULTS: join(cache, 'results.json') },
    });
    return (performance.now() - start) / 1000;
  } finally {
    await rm(cache, { recursive: true, force: true });
  }
}
