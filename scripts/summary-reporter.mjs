// WTR reporter that ends the run with the line CI reads: "N passed, N failed, N skipped".
import { writeFileSync } from 'node:fs';

function count(suite, totals) {
  for (const test of suite.tests ?? []) {
    if (test.skipped) totals.skipped += 1;
    else if (test.passed) totals.passed += 1;
    else totals.failed += 1;
  }
  for (const child of suite.suites ?? []) count(child, totals);
}

export function summaryReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        if (session.testResults) count(session.testResults, totals);
        // A file that failed to load or threw outside a test counts as one failure.
        if (!session.passed && (session.errors?.length ?? 0) > 0) totals.failed += 1;
      }
      // scripts/test.mjs adds these to the Node-side counts and prints the one summary line itself.
      if (process.env.BILLING_TEST_TOTALS) {
        writeFileSync(process.env.BILLING_TEST_TOTALS, JSON.stringify(totals));
        return;
      }
      // Printed after the default reporter's output has flushed.
      setTimeout(() => console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`), 0);
    },
  };
}
