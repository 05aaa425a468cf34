/**
 * The tfjs backend, chosen once per process at run time: tfjs-node ("tensorflow") when it
 * is installed, else the WebAssembly backend, else the plain JavaScript cpu backend
 * (DESIGN.md, fact 1: tfjs-node is an optional dependency that cannot install here).
 * $CATAPULT_TF_BACKEND (tensorflow, wasm or cpu) forces one, for tests and comparisons.
 * Every run records which backend computed it.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../engine/validate.ts';

export const tfBackendNames = ['tensorflow', 'wasm', 'cpu'] as const;
export type TfBackendName = (typeof tfBackendNames)[number];

/** Which backend runs, and why the ones before it in the order were passed over. */
export interface TfBackendInfo {
  backend: TfBackendName;
  tfjsVersion: string;
  /** Each backend tried, in order, with the reason it was not used. */
  skipped: { backend: TfBackendName; reason: string }[];
  /** Whether $CATAPULT_TF_BACKEND chose it. */
  forced: boolean;
}

const require = createRequire(import.meta.url);

async function tryBackend(name: TfBackendName): Promise<string | undefined> {
  try {
    if (name === 'tensorflow') {
      // NOTE: tfjs-node registers its backend with the tfjs-core it resolves; with the
      // pinned versions that is the same copy as ours. It is not installed on the
      // machines this was written on, so this branch is untested here.
      await import(/* @vite-ignore */ ['@tensorflow', 'tfjs-node'].join('/'));
    }
    if (name === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const dist = join(
        dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')),
        'dist',
      );
      wasm.setWasmPaths(`${dist}/`);
    }
    if (!(await tf.setBackend(name))) return `tf.setBackend('${name}') returned false`;
    await tf.ready();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0]! : String(error);
  }
}

/** The backend $CATAPULT_TF_BACKEND asks for (undefined when unset), validated. */
export function requestedBackend(value: string | undefined): TfBackendName | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(tfBackendNames as readonly string[]).includes(value)) {
    throw new ConfigError(
      `CATAPULT_TF_BACKEND must be one of ${tfBackendNames.join(', ')}, ` +
        `got ${JSON.stringify(value)}`,
    );
  }
  return value as TfBackendName;
}

let chosen: Promise<TfBackendInfo> | undefined;

/**
 * Initialises tfjs once and returns the backend in use. tfjs's console banners are
 * silenced (production mode), so library code stays quiet.
 */
export function tfBackend(): Promise<TfBackendInfo> {
  chosen ??= (async () => {
    tf.enableProdMode();
    const wanted = requestedBackend(process.env.CATAPULT_TF_BACKEND);
    const order: TfBackendName[] = wanted ? [wanted] : [...tfBackendNames];
    const skipped: TfBackendInfo['skipped'] = [];
    for (const name of order) {
      const reason = await tryBackend(name);
      if (reason === undefined) {
        return { backend: name, tfjsVersion: tf.version_core, skipped, forced: !!wanted };
      }
      skipped.push({ backend: name, reason });
    }
    const reasons = skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ');
    throw new Error(`no tfjs backend could be initialised: ${reasons}`);
  })();
  return chosen;
}
