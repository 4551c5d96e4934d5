// Child process for durability tests: appends records in a loop through the real store.
// argv: dir prefix count(-1 = until killed) payloadBytes
import { LedgerStore } from '../../../../src/ledger/store.ts';
import { record } from '../../helpers/ledger-fixtures.ts';

const [dir, prefix, countArg, payloadArg] = process.argv.slice(2);
const count = Number(countArg);
const payload = 'x'.repeat(Number(payloadArg));
const store = new LedgerStore(dir!, { utcOffsetMinutes: () => 0 });

for (let i = 0; count < 0 || i < count; i++) {
  await store.append(record({ id: `${prefix}-${i}`, taskId: prefix!, debug: { prompt: payload, output: String(i) } }));
  if (i === 0) process.stdout.write('started\n');
}
await store.close();
