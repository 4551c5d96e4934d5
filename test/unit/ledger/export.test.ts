import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CSV_COLUMNS, csvField, nanosToDecimalUsd, toCsv, toJson } from '../../../src/ledger/export.ts';
import { record } from '../helpers/ledger-fixtures.ts';

test('CSV fields are quoted only when they must be, quotes doubled (RFC 4180)', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField(12), '12');
  assert.equal(csvField(undefined), '');
  assert.equal(csvField(true), 'true');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField('cr\rhere'), '"cr\rhere"');
  assert.equal(csvField(' spaced '), ' spaced ');
});

/** A strict RFC 4180 reader, to check the writer's output round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"' && field === '') { quoted = true; i++; continue; }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue; }
    assert.ok(c !== '"' && c !== '\n' && c !== '\r', `bare ${JSON.stringify(c)} at ${i}`);
    field += c; i++;
  }
  assert.equal(field, '', 'ends with CRLF');
  return rows;
}

test('CSV export round-trips awkward text and leaves debug out', () => {
  const reason = 'refactor spans 4 files, so the "deep" lane\r\nsecond line';
  const r = record({ reason, file: 'src/a, b.ts', costNanos: 1_234, debug: { prompt: 'SECRET', output: 'x' }, cacheHit: true });
  const csv = toCsv([r, record({ timings: { endMs: 5 } })]);
  assert.ok(!csv.includes('SECRET'));
  const rows = parseCsv(csv);
  assert.equal(rows.length, 3);
  assert.deepEqual(rows[0], [...CSV_COLUMNS]);
  const row = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, rows[1]![i]]));
  assert.equal(row.reason, reason);
  assert.equal(row.file, 'src/a, b.ts');
  assert.equal(row.costNanos, '1234');
  assert.equal(row.costUsd, '0.000001234');
  assert.equal(row.cacheHit, 'true');
  assert.equal(row.accepted, '');
  assert.equal(rows[2]![CSV_COLUMNS.indexOf('firstTokenMs')], '', 'missing timings are empty');
  assert.ok(rows.every((x) => x.length === CSV_COLUMNS.length));
});

test('CSV export carries how each cost was priced, a gateway\'s own figure, the protocol and the folder', () => {
  const gateway = record({ priceBasis: 'gateway', gatewayCostNanos: 2_500, protocol: 'openai-fim', folder: 'api' });
  const rows = parseCsv(toCsv([gateway, record({})]));
  const col = (row: number, name: string) => rows[row]![CSV_COLUMNS.indexOf(name)];
  assert.deepEqual(['priceBasis', 'gatewayCostNanos', 'gatewayCostUsd', 'protocol', 'folder'].map((n) => col(1, n)), ['gateway', '2500', '0.000002500', 'openai-fim', 'api']);
  assert.deepEqual(['priceBasis', 'gatewayCostNanos', 'gatewayCostUsd', 'protocol', 'folder'].map((n) => col(2, n)), ['', '', '', '', '']);
});

test('an empty export is just the header', () => {
  assert.equal(toCsv([]), CSV_COLUMNS.join(',') + '\r\n');
  assert.equal(toJson([]), '[]\n');
});

test('JSON export drops debug text unless asked', () => {
  const r = record({ debug: { prompt: 'SECRET', output: 'y' } });
  const plain = JSON.parse(toJson([r])) as unknown[];
  assert.equal(JSON.stringify(plain).includes('SECRET'), false);
  const { debug: _d, ...rest } = r;
  assert.deepEqual(plain, [{ type: 'request', ...rest }]);
  assert.deepEqual(JSON.parse(toJson([r], [], { includeDebug: true })), [{ type: 'request', ...r }]);
});

test('nano-dollars print exactly as decimal dollars', () => {
  assert.equal(nanosToDecimalUsd(0), '0.000000000');
  assert.equal(nanosToDecimalUsd(1_234), '0.000001234');
  assert.equal(nanosToDecimalUsd(12_500_000_000), '12.500000000');
  assert.equal(nanosToDecimalUsd(-5), '-0.000000005');
});
