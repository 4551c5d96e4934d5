// One notification per budget threshold (the warn level, the cap) per local day, with an
// Open Panel action. What was shown is kept in globalState, so a reload the same day stays quiet.
import * as vscode from 'vscode';
import { asNoticeMemory, budgetNoticeDue, budgetNoticeText } from '../../core/policy-budget-notice.ts';
import { budgetLevel, withSpend } from '../../core/policy-budget.ts';
import { COMMANDS } from '../command-ids.ts';
import type { Services } from '../services.ts';

const MEMORY_KEY = 'switchyard.budgetNotices';
const OPEN_PANEL = 'Open Panel';

export class BudgetNotifier implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly state: vscode.Memento;
  private readonly services: Services;

  constructor(state: vscode.Memento, services: Services) {
    this.state = state;
    this.services = services;
    this.subscriptions.push(
      services.ledger.onRecords(() => this.check()),
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('switchyard.budget')) this.check(); }),
    );
    void services.ledger.start().then(() => this.check(), () => undefined);
  }

  /** Shows the notification due now, if any; the memory is written first so a burst of records shows it once. */
  check(): void {
    const { ledger, pipeline } = this.services;
    const today = ledger.aggregate.today();
    const cfg = pipeline.policy().budget;
    const budget = withSpend(pipeline.router.state().budget, today.all.costNanos, ledger.aggregate.month().all.costNanos);
    const due = budgetNoticeDue(today.key, budgetLevel(budget, cfg), asNoticeMemory(this.state.get(MEMORY_KEY)));
    if (!due) return;
    void this.state.update(MEMORY_KEY, due.memory);
    void vscode.window.showWarningMessage(budgetNoticeText(due.threshold, budget, cfg), OPEN_PANEL).then((pick) => {
      if (pick === OPEN_PANEL) void vscode.commands.executeCommand(COMMANDS.showPanel);
    });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
