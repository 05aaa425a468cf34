import seedrandom from 'seedrandom';

/** Names of the independent random streams that one experiment may draw from. */
export type StreamName = 'data' | 'init' | 'solver' | 'perturbation' | (string & {});

/**
 * A seeded source of uniform and Gaussian draws.
 *
 * Built on seedrandom's xor4096 generator; `uniform` has 53 random bits.
 */
export interface RandomStream {
  /** The label the stream was derived from, `<masterSeed>:<name>`. */
  readonly label: string;
  /** A uniform draw in [0, 1). */
  uniform(): number;
  /** A standard normal draw, N(0, 1). */
  gaussian(): number;
  /** Fills `out` with i.i.d. N(mean, std²) draws and returns it. */
  fillGaussian(out: Float64Array, mean?: number, std?: number): Float64Array;
  /** An integer uniform in {0, …, n − 1}. */
  integer(n: number): number;
}

/**
 * Derives the named stream `name` of the master seed `masterSeed`.
 *
 * Streams with different names are independent, so adding draws to one (say the
 * data) never shifts another (say the initialisation).
 *
 * @example
 * const init = createStream(0, 'init');
 * init.uniform(); // 0.19586…, the same on every machine
 */
export function createStream(masterSeed: number | string, name: StreamName): RandomStream {
  const label = `${masterSeed}:${name}`;
  const prng = seedrandom.xor4096(label);
  let spare: number | undefined;

  const uniform = (): number => prng.double();

  // Marsaglia's polar method: two normals from one accepted point of the unit disc.
  const gaussian = (): number => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * prng.double() - 1;
      v = 2 * prng.double() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    spare = v * factor;
    return u * factor;
  };

  return {
    label,
    uniform,
    gaussian,
    fillGaussian(out, mean = 0, std = 1) {
      for (let i = 0; i < out.length; i++) out[i] = mean + std * gaussian();
      return out;
    },
    integer(n) {
      if (!Number.isInteger(n) || n <= 0) {
        throw new RangeError(`n must be a positive integer, got ${n}`);
      }
      return Math.floor(prng.double() * n);
    },
  };
}

/**
 * Draws `k` distinct indices from {0, …, n − 1} without replacement (partial
 * Fisher–Yates), in the order drawn.
 */
export function sampleWithoutReplacement(stream: RandomStream, n: number, k: number): number[] {
  if (!Number.isInteger(k) || k < 0 || k > n) {
    throw new RangeError(`k must be an integer in [0, ${n}], got ${k}`);
  }
  const pool = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + stream.integer(n - i);
    const tmp = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = tmp;
  }
  return pool.slice(0, k);
}
