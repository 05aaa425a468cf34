/**
 * What each figure of the paper shows (from SPEC sections 3 to 6), so that a reviewer can
 * hold our plots against the paper's. Keyed by figure number.
 */
export const figureCaptions: Record<number, string> = {
  1:
    'Linear diagonal network, sparse regression, β = 0.9: final test loss over the final ' +
    'learning rate η and the initialisation scale α for GD (a) and heavy ball (b); GD ' +
    'sharpness with 2/η_t (c) and training loss (d); heavy-ball sharpness with (2+2β)/η_t ' +
    '(e) and training loss (f).',
  2:
    'Linear diagonal network: the warmup form is not essential. (a) step warmup, (b) linear ' +
    'warmup frozen when the sharpness first exceeds the MSS.',
  3:
    'Toy loss: x–y trajectories of GD and heavy ball, and the sharpness S(y_t) with the MSS ' +
    'curves 2/η_t and (2+2β)/η_t.',
  4:
    'Nonlinear networks (FCN on rank2-400-200, ResNet20 on CIFAR-1k), β = 0.9: training loss ' +
    '(log axis) and sharpness with the MSS, GD against heavy ball.',
  5: 'Self-stabilisation ODE of App. B: phase portraits (X, Y) and X(τ), Y(τ), for α ∈ {1, 0}.',
  6: 'Toy loss, App. C.1: vanilla heavy ball against heavy ball without momentum in x.',
  7: 'Toy loss, App. D.1, β = 0.9, several final learning rates: trajectories.',
  8: 'Toy loss, App. D.1, β = 0.9, several final learning rates: sharpness with the MSS.',
  9: 'ResNet20 on 128 points of 2-class CIFAR-10: the picture of Fig. 4.',
  10: 'App. D.2.2: the heavy-ball catapult does not depend on the pre-catapult training loss.',
  11: 'Linear diagonal network with β = 0.99: test loss over (α, η), the range of η expanded.',
  12: 'Toy loss, App. D.3.2, β = 0.99: trajectories.',
  13: 'Toy loss, App. D.3.2, β = 0.99: sharpness with the MSS.',
  14: 'App. D.3.3, β = 0.99: ResNet20 on 2-class CIFAR-10 (2000 images), FCN on rank2-400-4000.',
};

/** The figure numbers a label names: "Figs. 7, 8" → [7, 8]; "App. C" → []. */
export function figureNumbers(label: string): number[] {
  if (!/^\s*fig/i.test(label)) return [];
  return [...label.matchAll(/\d+/g)].map((m) => Number(m[0]));
}

/** The caption of a figure label, or undefined when the report has none for it. */
export function figureCaption(label: string): string | undefined {
  const captions = figureNumbers(label)
    .map((n) => figureCaptions[n])
    .filter((c): c is string => c !== undefined);
  return captions.length > 0 ? [...new Set(captions)].join(' ') : undefined;
}

/**
 * Orders figure labels as the paper does: numbered figures by their first number, then
 * everything else (appendix sections) alphabetically.
 */
export function compareFigures(a: string, b: string): number {
  const na = figureNumbers(a)[0] ?? Number.POSITIVE_INFINITY;
  const nb = figureNumbers(b)[0] ?? Number.POSITIVE_INFINITY;
  if (na !== nb) return na < nb ? -1 : 1;
  return a.localeCompare(b);
}

/**
 * The section a figure label belongs to: panel letters are dropped, so that the claims of
 * "Fig. 1(a)", "Fig. 1(a, b)" and "Fig. 1(e, f)" share the section "Fig. 1".
 */
export function figureGroup(label: string): string {
  return label.replace(/\s*\(\s*[a-z](\s*[,–-]\s*[a-z])*\s*\)\s*$/i, '').trim() || label;
}

/** A stable HTML id and file name for a figure label: "Figs. 7, 8" → "figs-7-8". */
export function figureSlug(label: string): string {
  const slug = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return slug || 'figure';
}
