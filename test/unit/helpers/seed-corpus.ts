// A property test's kept seed corpus: a JSON file of cases replayed before the random
// run, to which a failing run appends its shrunk counterexample.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';

export class SeedCorpus<T> {
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  /** The kept cases; at least `min` of them, so a lost file is noticed. */
  cases(min: number): T[] {
    const cases = JSON.parse(readFileSync(this.path, 'utf8')) as T[];
    assert.ok(cases.length >= min, 'the corpus holds the boundary cases');
    return cases;
  }

  /** Runs the property; a counterexample is kept in the corpus, then the failure is reported. */
  check(property: fc.IProperty<[T]>, params: fc.Parameters<[T]>): void {
    const result = fc.check(property, params);
    if (result.failed && result.counterexample) {
      writeFileSync(this.path, `${JSON.stringify([...this.cases(0), result.counterexample[0]], null, 1)}\n`);
    }
    assert.equal(result.failed, false, fc.defaultReportMessage(result) ?? 'property failed');
  }

  /** The same for a property that awaits. */
  async checkAsync(property: fc.IAsyncProperty<[T]>, params: fc.Parameters<[T]>): Promise<void> {
    const result = await fc.check(property, params);
    if (result.failed && result.counterexample) {
      writeFileSync(this.path, `${JSON.stringify([...this.cases(0), result.counterexample[0]], null, 1)}\n`);
    }
    assert.equal(result.failed, false, fc.defaultReportMessage(result) ?? 'property failed');
  }
}
