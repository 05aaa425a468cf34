/**
 * Output folders of `run` and `sweep`, and the rule for one that already exists:
 *
 * - a folder that does not exist, or is empty, is created with every file at once;
 * - a folder that holds the output of an earlier call of the same command (and nothing
 *   else) is replaced as a whole, so no file of the earlier output survives beside the new;
 * - any other non-empty folder is refused (exit 2) unless `--force`, which writes the files
 *   into it, replacing files of the same name and keeping the others.
 *
 * The command's own files are listed in a marker file, `.catapult-output.json`. Whether
 * the folder can be written is checked before anything is computed, and every file-system
 * error becomes one line: `cannot write --out DIR: <reason>`.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { shown } from './common.ts';
import { UsageError } from './errors.ts';

/** The marker file naming the command that wrote a folder and the files it wrote. */
export const outputMarker = '.catapult-output.json';

/** The commands that write output folders. */
export type OutputCommand = 'run' | 'sweep';

/** How a folder is written: created (or an empty one filled), replaced, or written into. */
export type OutputMode = 'new' | 'replace' | 'into';

/** Where and how a command will write its output; see {@link planOutputFolder}. */
export interface OutputPlan {
  directory: string;
  command: OutputCommand;
  mode: OutputMode;
}

interface Marker {
  format: 'catapult-output/1';
  command: string;
  files: string[];
}

const reasons: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOENT: 'a folder on the path cannot be created there',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTEMPTY: 'the folder was filled by something else meanwhile',
};

/** "cannot write --out DIR: <reason>" for a file-system error. */
export function outputError(directory: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const reason = reasons[code] ? `${reasons[code]} (${code})` : (error as Error).message;
  return new UsageError(`cannot write --out ${shown(directory)}: ${reason}`);
}

/** The output folder from `--out` (an empty one is refused) or the default. */
export function outputFolder(out: string | undefined, fallback: string): string {
  if (out !== undefined && out.trim() === '') {
    throw new UsageError(
      `--out is empty; give a folder path, or leave --out out to write to ${shown(fallback)}`,
    );
  }
  return resolve(out ?? fallback);
}

/**
 * Creates `directory` and its missing parents one at a time (Node's recursive mkdir never
 * returns for a path under /proc); returns the first folder created, if any.
 */
async function makeFolders(directory: string): Promise<string | undefined> {
  const missing: string[] = [];
  let path = resolve(directory);
  for (;;) {
    try {
      await stat(path);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(path) === path) throw error;
      missing.unshift(path);
      path = dirname(path);
    }
  }
  for (const folder of missing) await mkdir(folder);
  return missing[0];
}

async function readMarker(directory: string): Promise<Marker | undefined> {
  try {
    const marker = JSON.parse(await readFile(join(directory, outputMarker), 'utf8')) as Marker;
    return marker.format === 'catapult-output/1' && Array.isArray(marker.files)
      ? marker
      : undefined;
  } catch {
    return undefined;
  }
}

/** The entries of a folder, undefined when it does not exist; a UsageError for a file. */
async function folderEntries(directory: string): Promise<string[] | undefined> {
  try {
    if (!(await stat(directory)).isDirectory()) {
      throw new UsageError(
        `--out ${shown(directory)} exists and is not a folder; give a folder path`,
      );
    }
    return await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if (error instanceof UsageError) throw error;
    throw outputError(directory, error);
  }
}

/**
 * Decides how `command` may write `directory` (see the rule at the top of this file) and
 * checks, before anything is computed, that it can: a probe folder is made beside it and
 * a probe file inside it when it exists; folders made for the probe are removed again.
 */
export async function planOutputFolder(
  directory: string,
  command: OutputCommand,
  force: boolean,
): Promise<OutputPlan> {
  const entries = await folderEntries(directory);
  let mode: OutputMode = 'new';
  if (entries !== undefined && entries.length > 0) {
    const marker = await readMarker(directory);
    const ours = (name: string) => name === outputMarker || marker?.files.includes(name);
    if (marker?.command === command && entries.every(ours)) mode = 'replace';
    else if (force) mode = 'into';
    else {
      const held =
        marker !== undefined
          ? `the output of catapult ${marker.command}`
          : `${entries.length} file(s) (${entries.slice(0, 3).join(', ')}` +
            `${entries.length > 3 ? ', …' : ''})`;
      throw new UsageError(
        `--out ${shown(directory)} already holds ${held}, not written by catapult ${command}; ` +
          'give a new or empty folder, or add --force to write into it ' +
          '(files of the same name are replaced, the others kept)',
      );
    }
  }

  let created: string | undefined;
  try {
    created = await makeFolders(dirname(directory));
    const probe = join(dirname(directory), `.${basename(directory)}.probe-${randomUUID()}`);
    await mkdir(probe);
    await rmdir(probe);
    if (entries !== undefined) {
      const file = join(directory, `.catapult-probe-${randomUUID()}`);
      await writeFile(file, '');
      await rm(file);
    }
  } catch (error) {
    throw outputError(directory, error);
  } finally {
    if (created) await rm(created, { recursive: true, force: true });
  }
  return { directory, command, mode };
}

/**
 * Writes `files` (name → content) and the marker as the plan says. Everything is written
 * to a staging folder beside the output first; a new folder is then renamed into place in
 * one step, an earlier output of the same command is swapped for it, and with `--force`
 * each file is renamed over its old version. A failure leaves the folder as it was and is
 * one line, "cannot write --out DIR: <reason>". Returns the paths written.
 */
export async function writeOutputFolder(
  plan: OutputPlan,
  files: Record<string, string>,
): Promise<string[]> {
  const { directory, mode } = plan;
  const parent = dirname(directory);
  const marker: Marker = {
    format: 'catapult-output/1',
    command: plan.command,
    files: Object.keys(files),
  };
  const all = { ...files, [outputMarker]: `${JSON.stringify(marker, null, 2)}\n` };
  const staging = join(parent, `.${basename(directory)}.partial-${randomUUID().slice(0, 8)}`);
  try {
    await makeFolders(parent);
    await mkdir(staging);
    try {
      for (const [name, content] of Object.entries(all)) {
        await writeFile(join(staging, name), content);
      }
      if (mode === 'new') {
        await rename(staging, directory);
      } else if (mode === 'replace') {
        const aside = `${staging}-earlier`;
        await rename(directory, aside);
        try {
          await rename(staging, directory);
        } catch (error) {
          await rename(aside, directory);
          throw error;
        }
        await rm(aside, { recursive: true, force: true });
      } else {
        for (const name of Object.keys(all)) {
          await rename(join(staging, name), join(directory, name));
        }
      }
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  } catch (error) {
    throw outputError(directory, error);
  }
  return Object.keys(files).map((name) => join(directory, name));
}
