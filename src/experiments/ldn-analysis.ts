/**
 * The operational definitions behind the LDN sweep claims (Fig. 1a, b; Fig. 11), in one
 * place so that every claim reads a cell the same way:
 *
 * - A heavy-ball cell is **near zero** when its run completed, its held-out test MSE is
 *   below 0.05 (the peers' cut; the zero predictor scores 6 and GD 0.3–0.45 at α ≥ 0.3) and
 *   at most 0.2 × GD's test MSE at the same (α, η), or GD diverged there ("far below GD").
 * - The **threshold** η*(α) of a momentum is the smallest grid η whose cell is near zero.
 * - A **sharp drop** is a fall of the test MSE by a factor ≥ 5 between two adjacent grid η
 *   (a quarter decade apart) where both runs completed.
 * - A curve is **monotone after its threshold** when every completed cell at η > η* is near
 *   zero and divergence, if any, fills the top of the grid (once diverged, diverged above).
 */
import type { LdnSweepCell } from './ldn-sweep.ts';

export const nearZeroTestMse = 0.05;
export const farBelowGdFactor = 0.2;
export const sharpDropFactor = 5;

/** Cells of one momentum and α, sorted by η. */
export function curve(cells: readonly LdnSweepCell[], momentum: number, alpha: number) {
  return cells
    .filter((c) => c.momentum === momentum && c.alpha === alpha)
    .sort((a, b) => a.learningRate - b.learningRate);
}

/** GD's cell at the same (α, η), if the sweep has one. */
function gdTwin(cells: readonly LdnSweepCell[], cell: LdnSweepCell): LdnSweepCell | undefined {
  return cells.find(
    (c) => c.momentum === 0 && c.alpha === cell.alpha && c.learningRate === cell.learningRate,
  );
}

/**
 * Whether a cell is near zero (module comment). `gdCells` holds the GD cells to compare
 * with; without a GD cell at the same (α, η) the cell cannot be judged and is not near zero.
 */
export function isNearZero(cell: LdnSweepCell, gdCells: readonly LdnSweepCell[]): boolean {
  if (cell.testMse === null || !(cell.testMse < nearZeroTestMse)) return false;
  const gd = gdTwin(gdCells, cell);
  if (!gd) return false;
  return gd.testMse === null || cell.testMse <= farBelowGdFactor * gd.testMse;
}

/** η*(α): the smallest grid η whose cell of this momentum is near zero, or null. */
export function threshold(
  cells: readonly LdnSweepCell[],
  momentum: number,
  alpha: number,
  gdCells: readonly LdnSweepCell[] = cells,
): number | null {
  const hit = curve(cells, momentum, alpha).find((c) => isNearZero(c, gdCells));
  return hit ? hit.learningRate : null;
}

export interface SharpDrop {
  from: number;
  to: number;
  /** Test MSE at `to` over test MSE at `from`. */
  ratio: number;
}

/** Falls by ≥ 5× between adjacent completed cells of one curve (sorted by η). */
export function sharpDrops(sorted: readonly LdnSweepCell[]): SharpDrop[] {
  const drops: SharpDrop[] = [];
  for (let k = 1; k < sorted.length; k++) {
    const before = sorted[k - 1]!;
    const after = sorted[k]!;
    if (before.testMse === null || after.testMse === null) continue;
    const ratio = after.testMse / before.testMse;
    if (ratio <= 1 / sharpDropFactor) {
      drops.push({ from: before.learningRate, to: after.learningRate, ratio });
    }
  }
  return drops;
}

/**
 * Whether a curve stays near zero after its threshold (module comment); false when it has
 * no threshold.
 */
export function monotoneAfterThreshold(
  cells: readonly LdnSweepCell[],
  momentum: number,
  alpha: number,
  gdCells: readonly LdnSweepCell[] = cells,
): boolean {
  const sorted = curve(cells, momentum, alpha);
  const start = sorted.findIndex((c) => isNearZero(c, gdCells));
  if (start < 0) return false;
  let diverged = false;
  for (const cell of sorted.slice(start + 1)) {
    if (cell.divergedAt !== null) diverged = true;
    else if (diverged || !isNearZero(cell, gdCells)) return false;
  }
  return true;
}

/** The median of the completed cells' test MSE, or null when none completed. */
export function medianTestMse(sorted: readonly LdnSweepCell[]): number | null {
  const values = sorted
    .map((c) => c.testMse)
    .filter((v): v is number => v !== null)
    .sort((a, b) => a - b);
  if (values.length === 0) return null;
  const middle = Math.floor(values.length / 2);
  return values.length % 2 ? values[middle]! : (values[middle - 1]! + values[middle]!) / 2;
}

/** How many seeds a per-seed predicate held on, and the verdict rule "at least `needed`". */
export function seedVerdict(holds: readonly boolean[], needed: number) {
  const held = holds.filter(Boolean).length;
  return { held, total: holds.length, holds: held >= needed, text: `${held}/${holds.length}` };
}
