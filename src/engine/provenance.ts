import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/** The repository root (two folders above this file). */
export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Where a run was computed: enough to rerun it and to explain a difference. */
export interface Provenance {
  gitCommit: string;
  gitDirty: boolean;
  node: string;
  platform: string;
  cpus: number;
  packages: Record<string, string>;
  /** Hash of the engine, model, data and experiment sources (part of the cache key). */
  codeFingerprint: string;
}

const trackedPackages = ['seedrandom', 'ajv', 'ml-matrix', 'vitest', 'typescript', 'tsx'];

function packageVersion(name: string): string {
  try {
    const text = readFileSync(join(projectRoot, 'node_modules', name, 'package.json'), 'utf8');
    return (JSON.parse(text) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

/** Source folders whose contents decide the numbers a run produces. */
const numericSources = [
  'src/engine',
  'src/models',
  'src/data',
  'src/experiments',
  'src/theory',
  'src/tf',
];

let fingerprint: string | undefined;

/**
 * SHA-256 over the paths and contents of the numeric sources (tests excluded). Part of
 * every cache key, so that a change to the code never serves a stale cached run.
 */
export function codeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256');
  for (const folder of numericSources) {
    let entries: string[];
    try {
      entries = readdirSync(join(projectRoot, folder), { recursive: true }) as string[];
    } catch {
      continue;
    }
    for (const entry of entries
      .filter((e) => e.endsWith('.ts') && !e.endsWith('.test.ts'))
      .sort()) {
      const path = join(projectRoot, folder, entry);
      hash.update(relative(projectRoot, path)).update('\0').update(readFileSync(path)).update('\0');
    }
  }
  fingerprint = hash.digest('hex').slice(0, 16);
  return fingerprint;
}

let cached: Promise<Provenance> | undefined;

/** Provenance of this process, computed once. Git facts are 'unknown' outside a checkout. */
export function provenance(): Promise<Provenance> {
  cached ??= (async () => {
    const git = async (...args: string[]) =>
      (await execa('git', args, { cwd: projectRoot, reject: false })).stdout.trim();
    const commit = await git('rev-parse', 'HEAD');
    const status = await git('status', '--porcelain', '--untracked-files=no');
    return {
      gitCommit: /^[0-9a-f]{40}$/.test(commit) ? commit : 'unknown',
      gitDirty: status.length > 0,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: (await import('node:os')).availableParallelism(),
      packages: Object.fromEntries(trackedPackages.map((name) => [name, packageVersion(name)])),
      codeFingerprint: codeFingerprint(),
    };
  })();
  return cached;
}
