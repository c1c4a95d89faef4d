import type { Case } from './case.js';
import { catalogue } from './catalogue.js';

/** How one case ended. */
export type Outcome = { readonly status: 'passed' | 'failed' } | { readonly status: 'not applicable'; readonly reason: string };

/** How one catalogue id stands for an implementation: from the outcomes of the cases that prove it. */
export type IdStatus =
  | { readonly status: 'passed' | 'failed' | 'not run' }
  | { readonly status: 'not applicable'; readonly reason: string };

/** The outcomes of one implementation's cases, and what they say of each catalogue id. */
export class Report {
  readonly #outcomes = new Map<Case, Outcome>();

  constructor(readonly implementation: string) {}

  record(testCase: Case, outcome: Outcome): void {
    this.#outcomes.set(testCase, outcome);
  }

  /**
   * An id has passed when every applicable case that proves it passed, and at
   * least one did; it has failed when one failed; it is not applicable when no
   * case that proves it applies; it has not run when a case has not ended.
   */
  status(id: string): IdStatus {
    const outcomes = [...this.#outcomes].filter(([testCase]) => testCase.ids.includes(id)).map(([, outcome]) => outcome);
    if (outcomes.some((outcome) => outcome.status === 'failed')) return { status: 'failed' };
    if (outcomes.some((outcome) => outcome.status === 'passed')) return { status: 'passed' };
    const reasons = [...new Set(outcomes.flatMap((outcome) => (outcome.status === 'not applicable' ? [outcome.reason] : [])))];
    return reasons.length > 0 ? { status: 'not applicable', reason: reasons.join('; ') } : { status: 'not run' };
  }

  /** The table of every catalogue id and its status, and a closing count. */
  format(): string {
    const rows = catalogue.map(({ id }): readonly [string, string] => {
      const result = this.status(id);
      return [id, result.status === 'not applicable' ? `not applicable: ${result.reason}` : result.status];
    });
    const width = Math.max(...rows.map(([id]) => id.length));
    const count = (status: string): number => rows.filter(([, text]) => text.startsWith(status)).length;
    return [
      `aioredis-abc conformance of ${this.implementation}: each sentence of the contract, by id`,
      ...rows.map(([id, text]) => `  ${id.padEnd(width)}  ${text}`),
      `${this.implementation}: ${rows.length} ids, ${count('passed')} passed, ${count('failed')} failed, ` +
        `${count('not applicable')} not applicable, ${count('not run')} not run`,
    ].join('\n');
  }
}
