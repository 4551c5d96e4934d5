// Budgets count spend from every process (windows and the CLI): the router's settled spend follows
// the ledger's aggregates, by local day and month, in every face.
import type { LedgerService } from './service.ts';
import type { Disposable } from './store.ts';

/** What takes the spend: the pipeline's router. */
export interface SpendTarget {
  setSpend(todayNanos: number, monthNanos: number): void;
}

/** Sets the target's spend from the aggregates now, and again on every new record (own or another process's). */
export function followSpend(ledger: LedgerService, target: SpendTarget): Disposable {
  const sync = () => target.setSpend(ledger.aggregate.today().all.costNanos, ledger.aggregate.month().all.costNanos);
  sync();
  return ledger.onRecords(sync);
}
