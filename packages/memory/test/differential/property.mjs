// packages/memory/test/differential/property.mjs: the differential property: a sequence gives the same replies on a double as on redis-server.
import fc from 'fast-check';
import { agree } from './sides.mjs';
import { describeStep, sequence as anySequence } from './sequences.mjs';

/** The seed CI runs, and how many sequences: a knob each (`MEMORY_DIFF_SEED`, `MEMORY_DIFF_RUNS`). */
export function settings(env = process.env) {
  return {
    seed: env.MEMORY_DIFF_SEED === undefined ? 16 : Number(env.MEMORY_DIFF_SEED),
    runs: env.MEMORY_DIFF_RUNS === undefined ? 200 : Number(env.MEMORY_DIFF_RUNS),
  };
}

/** The first step where the two sides disagree, or `null`. */
export async function firstDisagreement(steps, reference, candidate) {
  const expected = await reference.run(steps);
  const actual = await candidate.run(steps);
  const index = expected.findIndex((reply, i) => !agree(reply, actual[i]));
  return index < 0 ? null : { index, expected: expected[index], actual: actual[index] };
}

/** A failure as the reader needs it: the seed to replay, and the shortest sequence, one command a line, with the replies that differ. */
function report(details, reference, candidate) {
  const steps = details.counterexample?.[0] ?? [];
  const lines = steps.map((step, i) => `  ${String(i + 1).padStart(2)}. ${describeStep(step)}`);
  return [
    `${candidate.name} disagrees with ${reference.name}.`,
    `Replay: MEMORY_DIFF_SEED=${details.seed} MEMORY_DIFF_RUNS=${details.numRuns} (path ${details.counterexamplePath ?? 'none'})`,
    `Shortest sequence (${steps.length} steps, after ${details.numShrinks} shrinks):`,
    ...lines,
    `${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.error)}`,
  ].join('\n');
}

/** Checks that `candidate` answers every sequence (of `sequence`, any command by default) as `reference` does; throws a readable report otherwise. */
export async function assertAgree(reference, candidate, { seed, runs }, sequence = anySequence()) {
  const property = fc.asyncProperty(sequence, async (steps) => {
    const found = await firstDisagreement(steps, reference, candidate);
    if (found !== null) {
      throw new Error(`step ${found.index + 1} (${describeStep(steps[found.index])}): ${reference.name} ${JSON.stringify(found.expected)}, ${candidate.name} ${JSON.stringify(found.actual)}`);
    }
  });
  const details = await fc.check(property, { seed, numRuns: runs, endOnFailure: false });
  if (details.failed) throw new Error(report(details, reference, candidate));
  return details.numRuns;
}

/** How many of `runs` sequences (from `seed`) each candidate answers differently from the reference, at least once. */
export async function disagreements(reference, candidates, { seed, runs }) {
  const counts = new Map(candidates.map((candidate) => [candidate.name, 0]));
  for (const steps of fc.sample(anySequence(), { seed, numRuns: runs })) {
    const expected = await reference.run(steps);
    for (const candidate of candidates) {
      const actual = await candidate.run(steps);
      if (expected.some((reply, i) => !agree(reply, actual[i]))) counts.set(candidate.name, (counts.get(candidate.name) ?? 0) + 1);
    }
  }
  return counts;
}
