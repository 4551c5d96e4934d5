// Property: a model id prices as (route prefix) + (known id) + (snapshot suffix) says, and a
// lookalike (known id + any other suffix) has no price. The expectation comes from how the
// case was built (the suffix's kind), not from the lookup's own rules.
// Failing cases are kept in pricing-corpus.json and replayed first.
import * as assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_PRICES, priceFor, type ModelPrice, type PriceTable } from '../../../src/core/pricing.ts';
import { SeedCorpus } from '../helpers/seed-corpus.ts';

interface PriceCase {
  /** '' or route segments each ending in '/'. */
  prefix: string;
  base: string;
  /** '' or a suffix starting with '-'. */
  suffix: string;
  /** Whether the suffix names a snapshot of `base` (a date, a revision, latest). */
  snapshot: boolean;
  /** Whether `base` has an override of its own. */
  override: boolean;
}

const CORPUS = new SeedCorpus<PriceCase>(join(dirname(new URL(import.meta.url).pathname), 'pricing-corpus.json'));
const OVERRIDE: ModelPrice = { inputPerMTok: 0.25, outputPerMTok: 0.75, cachedInputPerMTok: 0.025 };

function expected(c: PriceCase): ModelPrice | undefined {
  const table: PriceTable = c.override ? { [c.base]: OVERRIDE } : DEFAULT_PRICES;
  const known = Object.hasOwn(table, c.base) ? table[c.base] : Object.hasOwn(DEFAULT_PRICES, c.base) ? DEFAULT_PRICES[c.base] : undefined;
  return c.suffix === '' || c.snapshot ? known : undefined;
}

function actual(c: PriceCase): ModelPrice | undefined {
  return priceFor(`${c.prefix}${c.base}${c.suffix}`, c.override ? { [c.base]: OVERRIDE } : {});
}

const pad = (n: number) => String(n).padStart(2, '0');
const date = fc.record({ y: fc.integer({ min: 2000, max: 2099 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) });
const snapshotSuffix = fc.oneof(
  date.map(({ y, m, d }) => `-${y}-${pad(m)}-${pad(d)}`),
  date.map(({ y, m, d }) => `-${y}${pad(m)}${pad(d)}`),
  date.map(({ m, d }) => `-${pad(m)}${pad(d)}`),
  fc.integer({ min: 0, max: 999 }).map((n) => `-${String(n).padStart(3, '0')}`),
  fc.constant('-latest'),
);
// Another model's name: a word that starts with a letter (mini, lite, pro, preview...), maybe then a snapshot.
const otherSuffix = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/).filter((w) => w !== 'latest'), fc.option(snapshotSuffix, { nil: undefined }))
  .map(([w, snap]) => `-${w}${snap ?? ''}`);
const segment = fc.stringMatching(/^[a-z][a-z0-9_]{0,9}$/);
const arbCase: fc.Arbitrary<PriceCase> = fc.record({
  prefix: fc.array(segment, { maxLength: 2 }).map((segs) => segs.map((s) => `${s}/`).join('')),
  base: fc.oneof(fc.constantFrom(...Object.keys(DEFAULT_PRICES)), fc.stringMatching(/^[a-z][a-z0-9.:]{0,12}$/)),
  kind: fc.constantFrom('none', 'snapshot', 'other'),
  snapSuffix: snapshotSuffix,
  other: otherSuffix,
  override: fc.boolean(),
}).map(({ prefix, base, kind, snapSuffix, other, override }) => ({
  prefix, base, override, snapshot: kind === 'snapshot', suffix: kind === 'none' ? '' : kind === 'snapshot' ? snapSuffix : other,
}));

const property = fc.property(arbCase, (c) => {
  assert.deepEqual(actual(c), expected(c));
});

it('the kept price cases hold', () => {
  for (const c of CORPUS.cases(8)) assert.deepEqual(actual(c), expected(c), JSON.stringify(c));
});

it('prefixes and snapshots keep a price, lookalikes never borrow one (fast-check)', () => {
  CORPUS.check(property, { seed: 20261126, numRuns: Number(process.env.SWITCHYARD_PRICE_RUNS ?? 2000) });
});
