import { rank2Data } from '../data/rank2.ts';
import { lanczosLargest } from '../engine/lanczos.ts';
import { createStream } from '../engine/random.ts';
import { cnnData, cnnNetwork } from '../experiments/cnn.ts';
import { cnnProfiles } from '../experiments/cnn-profiles.ts';
import { initialMlpParameters, mlpModel } from '../models/mlp.ts';
import { tfBackend } from '../tf/backend.ts';
import { tfClassifierModel } from '../tf/classifier.ts';
import { initialNetworkParameters } from '../tf/network.ts';
import { type BenchFigure, type BenchSuite, claimsWallSeconds, secondsPerCall } from './bench.ts';

/**
 * The peers' MLP figures (peers/results-2026-12-03.json, Debian numpy 1.24 with OpenBLAS
 * and PyTorch 1.13 float64 on 2 threads; BENCHMARKS.md workload 4), in seconds.
 */
const peers = {
  128: { numpyGradient: 0.0027, torchHvp: 0.0103, torchLanczos20: 0.22 },
  512: { numpyGradient: 0.0108, torchHvp: 0.0568, torchLanczos20: 1.47 },
} as const;

/** Workload 4 of BENCHMARKS.md: d = 400, n = 200, width m, our MLP at its initialisation. */
function mlpFigures(width: 128 | 512): BenchFigure[] {
  const data = rank2Data(createStream(0, 'data'), 400, 200);
  const model = mlpModel(data, width);
  const w = initialMlpParameters(createStream(0, 'init'), 400, width);
  const g = new Float64Array(model.dimension);
  const v = createStream(0, 'direction').fillGaussian(new Float64Array(model.dimension));
  const out = new Float64Array(model.dimension);
  const gradient = secondsPerCall(() => model.lossAndGradient(w, g));
  const product = model.hessianOperator(w);
  const hvp = secondsPerCall(() => product(v, out));
  // A sharpness measurement at a new point: one operator, 20 Lanczos products (the peers').
  const lanczos = secondsPerCall(() => {
    lanczosLargest(model.hessianOperator(w), model.dimension, {
      start: v,
      maxIterations: 20,
      tolerance: 0,
    });
  }, 3);
  const p = peers[width];
  return [
    {
      name: `MLP m=${width}: gradient`,
      value: 1000 * gradient,
      unit: 'ms',
      peer: { value: 1000 * p.numpyGradient, label: 'numpy float64' },
    },
    {
      name: `MLP m=${width}: Hessian-vector product`,
      value: 1000 * hvp,
      unit: 'ms',
      peer: { value: 1000 * p.torchHvp, label: 'PyTorch float64, reused graph' },
    },
    {
      name: `MLP m=${width}: 20-step Lanczos sharpness`,
      value: lanczos,
      unit: 's',
      peer: { value: p.torchLanczos20, label: 'PyTorch float64' },
    },
  ];
}

/** The quick profile's Fig. 4 CNN setting: gradient and Hessian-vector product in tfjs. */
async function cnnFigures(): Promise<BenchFigure[]> {
  const backend = await tfBackend();
  const setting = cnnProfiles.quick.fig4;
  const data = cnnData(setting.data);
  const network = cnnNetwork(setting.network, data);
  const model = tfClassifierModel(network, data, { relativeStep: 1e-3 });
  const w = initialNetworkParameters(network, createStream(0, 'init'));
  const g = new Float64Array(network.parameterCount);
  const v = createStream(0, 'direction').fillGaussian(new Float64Array(network.parameterCount));
  const out = new Float64Array(network.parameterCount);
  const gradient = secondsPerCall(() => model.lossAndGradient(w, g));
  const product = model.hessianOperator(w);
  const hvp = secondsPerCall(() => product(v, out));
  model.dispose();
  const images = `${data.size} images ${data.height}×${data.width}`;
  const what = `${network.name}, ${images}, tfjs ${backend.backend}`;
  return [
    { name: `CNN gradient (${what})`, value: 1000 * gradient, unit: 'ms' },
    { name: `CNN Hessian-vector product (${what})`, value: 1000 * hvp, unit: 'ms' },
  ];
}

export const suite: BenchSuite = {
  name: 'nn',
  async run() {
    const figures = [...mlpFigures(128), ...mlpFigures(512), ...(await cnnFigures())];
    const wall = await claimsWallSeconds(['claims/nn-mlp.spec.ts', 'claims/nn-cnn.spec.ts']);
    figures.push({
      name: 'neural-net claims (quick), wall time on an empty cache',
      value: wall,
      unit: 's',
      target: { text: '< 480 s', met: wall < 480 },
    });
    return figures;
  },
};
