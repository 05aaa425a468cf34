/**
 * Toy-model claims of Section 3 (Fig. 3), App. D.1 (Figs. 7, 8) and App. D.3.2 (Figs. 12,
 * 13). The paper's toy loss is not recoverable (SPEC 4.1): the primary claims use the
 * primary guess x²/(2y) with the peers' setting, (x₀, y₀) = (0.1, 0.1), η = 2 after a
 * linear warmup of 1000 steps, 4000 steps, heavy ball at (1 + β)η, and an x floor of
 * 1e-12 (without it x underflows to exactly 0 and GD stops catapulting; both are shown).
 * The family claims run every member at the rate that gives the same initial S/MSS_final
 * ratio as the primary (η = 20/S(y₀)), so x²/y repeats x²/(2y) exactly.
 */
import { type ClaimContext, claim } from '../src/claims/claim.ts';
import { formatNumber as f } from '../src/claims/format.ts';
import type { Overrides } from '../src/engine/run.ts';
import { type ToyConfig, toyExperiment } from '../src/experiments/toy.ts';
import {
  catapultMechanism,
  fitRecurrence,
  largestDecrease,
} from '../src/experiments/toy-analysis.ts';
import { toyLossNames, toyModel } from '../src/models/toy.ts';

const gd = { optimizer: { momentum: 0 } } as const;
const heavyBall = { optimizer: { momentum: 0.9 } } as const;
const finalRates = [1, 2, 5, 10];

async function toy(context: ClaimContext, label: string, overrides: Overrides<ToyConfig>) {
  return (await context.run(toyExperiment, overrides, label)).result;
}

/** The family member's GD-equivalent rate with the primary's ratio S(y₀)/MSS_final = 10. */
function familyRate(name: (typeof toyLossNames)[number]): number {
  return 20 / toyModel(name).manifoldSharpness(toyExperiment.defaults.init.y);
}

claim({
  id: 'toy/fig3-gd-stepwise',
  title:
    'GD on the toy loss x²/(2y) lowers its sharpness in at least two separate catapults (Fig. 3)',
  figure: 'Fig. 3',
  section: 'Sec. 3; SPEC 4.2 item 1, 9 item 9',
  statement:
    'GD shows step-wise sharpness drops, each a burst of oscillation in x followed by a jump in y.',
  predicate: 'GD run (x floor 1e-12) has ≥ 2 catapults by the definition of src/engine/events.ts.',
  async measure(context) {
    const run = await toy(context, 'GD, x²/(2y)', gd);
    const plain = await toy(context, 'GD, x²/(2y), no x floor', { ...gd, xFloor: 0 });
    const catapults = run.events.catapults.length;
    return {
      holds: catapults >= 2,
      summary:
        `GD: ${catapults} catapults, final S/MSS ${f(run.final.sharpnessOverMss)}; ` +
        `without the x floor ${plain.events.catapults.length} (x underflows to 0), ` +
        `S/MSS ${f(plain.final.sharpnessOverMss)}`,
      metrics: {
        catapults: { value: catapults, quantity: 'count' },
        catapultStarts: { value: run.events.catapults.map((c) => c.start), quantity: 'count' },
        finalSharpnessOverMss: { value: run.final.sharpnessOverMss, quantity: 'after-instability' },
        catapultsWithoutFloor: { value: plain.events.catapults.length, quantity: 'count' },
        finalYWithoutFloor: { value: plain.coordinates.y!.at(-1)!, quantity: 'after-instability' },
      },
    };
  },
});

claim({
  id: 'toy/fig3-phb-one-catapult',
  title:
    'Heavy ball (β = 0.9) on x²/(2y) makes exactly one catapult and ends below half its MSS ' +
    '(Fig. 3)',
  figure: 'Fig. 3',
  section: 'Sec. 3; SPEC 4.2 item 2, 9 item 9',
  statement: 'Heavy ball shows a single steep sharpness drop to far below the MSS.',
  predicate: 'heavy-ball run has exactly 1 catapult and final S/MSS < 0.5.',
  async measure(context) {
    const run = await toy(context, 'heavy ball β=0.9, x²/(2y)', heavyBall);
    const catapults = run.events.catapults;
    const ratio = run.final.sharpnessOverMss!;
    return {
      holds: catapults.length === 1 && ratio < 0.5,
      summary:
        `${catapults.length} catapult(s) ` +
        `(sharpness drop ${catapults.map((c) => f(c.sharpnessDrop)).join(', ')}), ` +
        `final S/MSS ${f(ratio)}`,
      metrics: {
        catapults: { value: catapults.length, quantity: 'count' },
        finalSharpnessOverMss: { value: ratio, quantity: 'after-instability' },
        finalY: { value: run.coordinates.y!.at(-1)!, quantity: 'after-instability' },
      },
    };
  },
});

claim({
  id: 'toy/fig3-phb-flatter-than-gd',
  title:
    "Heavy ball on x²/(2y) ends at most at 3/4 of GD's S/MSS at the same GD-equivalent η (Fig. 3)",
  figure: 'Fig. 3',
  section: 'Sec. 3; SPEC 9 item 9',
  statement: "Heavy ball ends with a final S/MSS clearly smaller than GD's.",
  predicate: 'final S/MSS of heavy ball ≤ 0.75 × final S/MSS of GD (both with the x floor).',
  async measure(context) {
    const momentum = await toy(context, 'heavy ball β=0.9, x²/(2y)', heavyBall);
    const plain = await toy(context, 'GD, x²/(2y)', gd);
    const ratio = momentum.final.sharpnessOverMss! / plain.final.sharpnessOverMss!;
    return {
      holds: ratio <= 0.75,
      summary:
        `S/MSS heavy ball ${f(momentum.final.sharpnessOverMss)} ` +
        `vs GD ${f(plain.final.sharpnessOverMss)} (ratio ${f(ratio)})`,
      metrics: { ratioOfRatios: { value: ratio, quantity: 'after-instability' } },
    };
  },
});

claim({
  id: 'toy/fig3-catapult-mechanism',
  title:
    'Every toy catapult starts with x as the top Hessian eigendirection, grows |x| at least ' +
    'tenfold and raises y (Fig. 3)',
  figure: 'Fig. 3',
  section: 'Sec. 3; SPEC 4.2 item 3',
  statement:
    'Each drop is divergence along x, the leading eigendirection, together with movement in +y, ' +
    'which lowers sharpness.',
  predicate:
    'for every catapult of the GD and heavy-ball runs on x²/(2y): |cos(top eigenvector, x ' +
    'axis)| ≥ 0.99 at its start, ' +
    'max |x| ≥ 10 |x_start| and y higher at the end of its window than at its start.',
  async measure(context) {
    const model = toyModel('x2-over-2y');
    const settle = toyExperiment.defaults.events.settleSteps;
    const rows = [];
    for (const [label, overrides] of [
      ['GD, x²/(2y)', gd],
      ['heavy ball β=0.9, x²/(2y)', heavyBall],
    ] as const) {
      const run = await toy(context, label, overrides);
      for (const c of run.events.catapults) {
        rows.push(
          catapultMechanism(
            c,
            run.coordinates.x!,
            run.coordinates.y!,
            model.hessianEntries,
            settle,
          ),
        );
      }
    }
    const holds =
      rows.length > 0 &&
      rows.every((r) => r.alignmentWithX >= 0.99 && r.xGrowth >= 10 && r.yRise > 0);
    return {
      holds,
      summary:
        `${rows.length} catapults: alignment ≥ ${f(least(rows.map((r) => r.alignmentWithX)))}, ` +
        `|x| growth ≥ ${f(least(rows.map((r) => r.xGrowth)))}×, ` +
        `y rise ≥ ${f(least(rows.map((r) => r.yRise)))}`,
      metrics: {
        alignmentWithX: { value: rows.map((r) => r.alignmentWithX), quantity: 'after-instability' },
        xGrowth: { value: rows.map((r) => r.xGrowth), quantity: 'after-instability' },
        yRise: { value: rows.map((r) => r.yRise), quantity: 'after-instability' },
      },
    };
  },
});

claim({
  id: 'toy/fig3-phb-damped-oscillation',
  title:
    "After its catapult, heavy ball's x on x²/(2y) oscillates around 0 with a shrinking " +
    'envelope (Fig. 3)',
  figure: 'Fig. 3',
  section: 'Sec. 3; SPEC 4.2 item 4',
  statement:
    'In the late phase of heavy ball, x shows a damped oscillation, stabilised by the reduced ' +
    'sharpness at large y.',
  predicate:
    'from settleSteps after the catapult until |x| reaches 10× the x floor: x changes sign ≥ 10 ' +
    'times and ' +
    'the envelope rate √(q_{t+1}/q_t), q_t = x_t² − x_{t−1}x_{t+1}, is below 1.',
  async measure(context) {
    const run = await toy(context, 'heavy ball β=0.9, x²/(2y)', heavyBall);
    const last = run.events.catapults.at(-1);
    const from = (last?.end ?? 0) + toyExperiment.defaults.events.settleSteps;
    const fit = fitRecurrence(run.coordinates.x!, from, 0.9, 10 * toyExperiment.defaults.xFloor);
    return {
      holds: last !== undefined && fit.signChanges >= 10 && fit.envelopeRate < 1,
      summary:
        `${fit.signChanges} sign changes in ${fit.steps} steps, ` +
        `envelope rate ${f(fit.envelopeRate)} per step`,
      metrics: {
        signChanges: { value: fit.signChanges, quantity: 'count' },
        windowSteps: { value: fit.steps, quantity: 'count' },
        envelopeRate: { value: fit.envelopeRate, quantity: 'fitted' },
      },
    };
  },
});

claim({
  id: 'toy/y-monotone',
  title:
    'y_t never decreases under GD or heavy ball on any member of the toy family (SPEC 9 item 8)',
  figure: 'Fig. 3',
  section: 'Sec. 3, App. C remark; SPEC 9 item 8',
  statement: 'The sequence y_t is monotone increasing, and faster for larger β.',
  predicate:
    'max_t (y_t − y_{t+1}) = 0 in every run: 4 losses × {GD, β = 0.9, β = 0.99}, x floor on.',
  async measure(context) {
    const decreases: number[] = [];
    const labels: string[] = [];
    for (const loss of toyLossNames) {
      for (const momentum of [0, 0.9, 0.99]) {
        const label = `${toyModel(loss).formula}, β=${momentum}`;
        const run = await toy(context, label, {
          loss,
          optimizer: { momentum, learningRate: familyRate(loss) },
        });
        decreases.push(largestDecrease(run.coordinates.y!));
        labels.push(label);
      }
    }
    const worst = Math.max(...decreases);
    return {
      holds: worst === 0,
      summary: `${decreases.length} runs; largest one-step decrease of y: ${f(worst)}`,
      metrics: { largestDecrease: { value: decreases, quantity: 'exact' } },
    };
  },
});

const least = (values: number[]) => Math.min(...values);

/** Catapults and final S/MSS of GD and heavy ball on every family member. */
async function familyRuns(context: ClaimContext) {
  const rows = [];
  for (const loss of toyLossNames) {
    const learningRate = familyRate(loss);
    const formula = toyModel(loss).formula;
    const plain = await toy(context, `GD, ${formula}`, {
      loss,
      optimizer: { momentum: 0, learningRate },
    });
    const momentum = await toy(context, `heavy ball β=0.9, ${formula}`, {
      loss,
      optimizer: { momentum: 0.9, learningRate },
    });
    rows.push({ formula, plain, momentum });
  }
  return rows;
}

claim({
  id: 'toy/family-gd-stepwise',
  title:
    'GD makes at least two catapults on every member of the reconstructed toy family (SPEC 4.1)',
  figure: 'Fig. 3',
  section: 'Sec. 3; SPEC 4.1, 9 item 9',
  statement:
    "GD shows step-wise sharpness drops (checked on every loss that fits the paper's clues).",
  predicate: 'GD has ≥ 2 catapults on each of x²/(2y), x²/y, x²/(2y²), x²/(1+y²).',
  async measure(context) {
    const rows = await familyRuns(context);
    const counts = rows.map((r) => r.plain.events.catapults.length);
    const failing = rows.filter((_, i) => counts[i]! < 2).map((r) => r.formula);
    return {
      holds: failing.length === 0,
      summary:
        rows.map((r, i) => `${r.formula}: ${counts[i]}`).join(', ') +
        (failing.length ? `; fails on ${failing.join(', ')}` : ''),
      metrics: {
        catapults: { value: counts, quantity: 'count' },
        finalSharpnessOverMss: {
          value: rows.map((r) => r.plain.final.sharpnessOverMss!),
          quantity: 'after-instability',
        },
      },
    };
  },
});

claim({
  id: 'toy/family-phb-one-catapult',
  title:
    'Heavy ball makes one catapult and ends below half its MSS and below GD on every member of ' +
    'the toy family (SPEC 4.1)',
  figure: 'Fig. 3',
  section: 'Sec. 3; SPEC 4.1, 9 item 9',
  statement:
    "Heavy ball shows one dominant drop, with final S/MSS clearly smaller than GD's, on " +
    'every candidate loss.',
  predicate:
    "on each member: heavy ball has exactly 1 catapult, final S/MSS < 0.5 and < GD's final S/MSS.",
  async measure(context) {
    const rows = await familyRuns(context);
    const ok = rows.map(
      (r) =>
        r.momentum.events.catapults.length === 1 &&
        r.momentum.final.sharpnessOverMss! < 0.5 &&
        r.momentum.final.sharpnessOverMss! < r.plain.final.sharpnessOverMss!,
    );
    const failing = rows.filter((_, i) => !ok[i]).map((r) => r.formula);
    return {
      holds: failing.length === 0,
      summary:
        rows
          .map(
            (r) =>
              `${r.formula}: ${r.momentum.events.catapults.length} cat., ` +
              `S/MSS ${f(r.momentum.final.sharpnessOverMss)}`,
          )
          .join('; ') + (failing.length ? `; fails on ${failing.join(', ')}` : ''),
      metrics: {
        catapults: {
          value: rows.map((r) => r.momentum.events.catapults.length),
          quantity: 'count',
        },
        finalSharpnessOverMss: {
          value: rows.map((r) => r.momentum.final.sharpnessOverMss!),
          quantity: 'after-instability',
        },
      },
    };
  },
});

claim({
  id: 'toy/fig7-8-fewer-catapults',
  title:
    'At every final η in {1, 2, 5, 10}, heavy ball (β = 0.9) makes fewer catapults than GD and ' +
    'ends at a smaller S/MSS (Figs. 7, 8)',
  figure: 'Figs. 7, 8',
  section: 'App. D.1; SPEC 4.3',
  statement:
    'Varying the final learning rate, GD keeps stepping down while heavy ball makes one large ' +
    'catapult.',
  predicate:
    'for each η ∈ {1, 2, 5, 10} on x²/(2y): catapults(heavy ball) < catapults(GD) and ' +
    'S/MSS(heavy ball) < S/MSS(GD).',
  async measure(context) {
    const rows = [];
    for (const learningRate of finalRates) {
      const plain = await toy(context, `GD η=${learningRate}`, {
        optimizer: { momentum: 0, learningRate },
      });
      const momentum = await toy(context, `heavy ball β=0.9 η=${learningRate}`, {
        optimizer: { momentum: 0.9, learningRate },
      });
      rows.push({ learningRate, plain, momentum });
    }
    const ok = rows.map(
      (r) =>
        r.momentum.events.catapults.length < r.plain.events.catapults.length &&
        r.momentum.final.sharpnessOverMss! < r.plain.final.sharpnessOverMss!,
    );
    return {
      holds: ok.every(Boolean),
      summary: rows
        .map(
          (r, i) =>
            `η=${r.learningRate}: ` +
            `GD ${r.plain.events.catapults.length}/${f(r.plain.final.sharpnessOverMss)}, ` +
            `HB ${r.momentum.events.catapults.length}/${f(r.momentum.final.sharpnessOverMss)}` +
            (ok[i] ? '' : ' ✗'),
        )
        .join('; '),
      metrics: {
        gdCatapults: { value: rows.map((r) => r.plain.events.catapults.length), quantity: 'count' },
        heavyBallCatapults: {
          value: rows.map((r) => r.momentum.events.catapults.length),
          quantity: 'count',
        },
        gdSharpnessOverMss: {
          value: rows.map((r) => r.plain.final.sharpnessOverMss!),
          quantity: 'after-instability',
        },
        heavyBallSharpnessOverMss: {
          value: rows.map((r) => r.momentum.final.sharpnessOverMss!),
          quantity: 'after-instability',
        },
      },
    };
  },
});

claim({
  id: 'toy/fig12-13-beta-099-flatter',
  title:
    'With β = 0.99 heavy ball ends at a smaller S/MSS than with β = 0.9 at every final η in {1, ' +
    '2, 5, 10} (Figs. 12, 13)',
  figure: 'Figs. 12, 13',
  section: 'App. D.3.2; SPEC 4.3',
  statement: 'With β = 0.99 the effect of momentum is more amplified.',
  predicate:
    'for each η ∈ {1, 2, 5, 10} on x²/(2y): final S/MSS with β = 0.99 < final S/MSS with β = 0.9.',
  async measure(context) {
    const rows = [];
    for (const learningRate of finalRates) {
      const low = await toy(context, `heavy ball β=0.9 η=${learningRate}`, {
        optimizer: { momentum: 0.9, learningRate },
      });
      const high = await toy(context, `heavy ball β=0.99 η=${learningRate}`, {
        optimizer: { momentum: 0.99, learningRate },
      });
      rows.push({ learningRate, low, high });
    }
    const ok = rows.map((r) => r.high.final.sharpnessOverMss! < r.low.final.sharpnessOverMss!);
    return {
      holds: ok.every(Boolean),
      summary: rows
        .map(
          (r, i) =>
            `η=${r.learningRate}: β=0.99 ${f(r.high.final.sharpnessOverMss)} ` +
            `(${r.high.events.catapults.length} cat.) ` +
            `vs β=0.9 ${f(r.low.final.sharpnessOverMss)}${ok[i] ? '' : ' ✗'}`,
        )
        .join('; '),
      metrics: {
        beta099SharpnessOverMss: {
          value: rows.map((r) => r.high.final.sharpnessOverMss!),
          quantity: 'after-instability',
        },
        beta099Catapults: {
          value: rows.map((r) => r.high.events.catapults.length),
          quantity: 'count',
        },
        beta09SharpnessOverMss: {
          value: rows.map((r) => r.low.final.sharpnessOverMss!),
          quantity: 'after-instability',
        },
      },
    };
  },
});
