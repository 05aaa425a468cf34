import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify } from 'safe-stable-stringify';
import writeFileAtomic from 'write-file-atomic';

/**
 * JSON with sorted keys, typed arrays as plain arrays, and non-finite numbers kept as the
 * strings "NaN", "Infinity" and "-Infinity" (plain JSON would turn them into null).
 */
export function toJson(value: unknown, indent?: number): string {
  const text = stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
        return Array.from(v as unknown as ArrayLike<number>, (x) =>
          Number.isFinite(x) ? x : String(x),
        );
      }
      return v;
    },
    indent,
  );
  if (text === undefined) throw new TypeError('value cannot be written as JSON');
  return text;
}

/**
 * Turns the strings "NaN", "Infinity" and "-Infinity" that {@link toJson} wrote back into
 * numbers, at any depth. Validate a file first (its schema sees the strings), then revive.
 */
export function reviveNonFinite<T>(value: unknown): T {
  if (value === 'NaN') return Number.NaN as T;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY as T;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY as T;
  if (Array.isArray(value)) return value.map((v) => reviveNonFinite(v)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reviveNonFinite(v)])) as T;
  }
  return value as T;
}

/** SHA-256 of the canonical JSON of `value`, in hex. */
export function hashOf(value: unknown): string {
  return createHash('sha256').update(toJson(value)).digest('hex');
}

/**
 * Writes `value` as JSON to `path` atomically: a temporary file in the same folder is
 * renamed over the target, so a reader sees the old file or the new one, never a part.
 */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, `${toJson(value, 2)}\n`);
}

/**
 * Reads a JSON file as written (non-finite numbers still as strings; see
 * {@link reviveNonFinite}); undefined when it does not exist.
 */
export async function readJsonIfExists<T>(path: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return JSON.parse(text) as T;
}
