import type { Profile } from '../baselines/store.ts';
import { cifar10Missing, cifar10Variable } from '../data/cifar10.ts';
import type { ImageDataConfig, NetworkConfig } from './cnn.ts';

/** One convolutional setting: data, network, rate and lengths. */
export interface CnnSetting {
  data: ImageDataConfig;
  network: NetworkConfig;
  /** GD-equivalent final learning rate η. */
  learningRate: number;
  warmupSteps: number;
  steps: number;
  sharpnessEvery: number;
}

/** The convolutional settings of one profile, by figure. */
export interface CnnProfile {
  /** Fig. 4 (the ResNet20 panels): CIFAR-10, 1000 images of 10 classes. */
  fig4: CnnSetting;
  /** Fig. 9: 128 images of 2 classes. */
  fig9: CnnSetting;
  /** Fig. 14 (β = 0.99): 2000 images of 2 classes. */
  fig14: CnnSetting;
}

const mnist = (classes: number[], trainSize: number): ImageDataConfig => ({
  source: 'mnist',
  classes,
  trainSize,
  downsample: 4,
  standardise: true,
});

const cifar = (classes: number[], trainSize: number): ImageDataConfig => ({
  source: 'cifar10',
  classes,
  trainSize,
  downsample: 1,
  standardise: true,
});

const small: NetworkConfig = { kind: 'small-residual', channels: 8, residualBlocks: 1 };
const quickRun = { learningRate: 0.3, warmupSteps: 400, steps: 800, sharpnessEvery: 10 };
// NOTE: the paper's rates and run lengths for ResNet20 are not recovered, and CIFAR-10
// could not be obtained here to choose them as the quick profile's were (2/η near half the
// sharpness at initialisation); η = 0.3 is a placeholder to check on a first CIFAR-10 run.
const paperRun = { learningRate: 0.3, warmupSteps: 2000, steps: 4000, sharpnessEvery: 20 };

/**
 * Sizes per profile. `quick` runs the small residual CNN (8 channels, one block) on real
 * MNIST digits averaged down to 7×7: digits 0 and 1 for Fig. 4, digits 3 and 5 for Fig. 9
 * (both 128 images; the quick profile has no 10-class set of 1000 images), and 512 images
 * of digits 0 and 1 for Fig. 14 (four times the base set; the paper's is 16 times). The
 * rate η = 0.3 puts 2/η near half the sharpness at initialisation (about 11.5), as η = 20
 * does for the MLP. `paper` runs ResNet20 on CIFAR-10 at the paper's sizes.
 */
export const cnnProfiles: Record<Profile, CnnProfile> = {
  quick: {
    fig4: { data: mnist([0, 1], 128), network: small, ...quickRun },
    fig9: { data: mnist([3, 5], 128), network: small, ...quickRun },
    fig14: { data: mnist([0, 1], 512), network: small, ...quickRun },
  },
  paper: {
    fig4: {
      data: cifar([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 1000),
      network: { kind: 'resnet20' },
      ...paperRun,
    },
    fig9: { data: cifar([0, 1], 128), network: { kind: 'resnet20' }, ...paperRun },
    fig14: { data: cifar([0, 1], 2000), network: { kind: 'resnet20' }, ...paperRun },
  },
};

/**
 * Why a setting cannot run on this machine, in a few words for the test name (the loader's
 * full message says more), or undefined when it can.
 */
export function cnnSkipReason(setting: CnnSetting): string | undefined {
  if (setting.data.source !== 'cifar10' || cifar10Missing() === undefined) return undefined;
  return `CIFAR-10 not found; set ${cifar10Variable} to the folder of its binary files`;
}
