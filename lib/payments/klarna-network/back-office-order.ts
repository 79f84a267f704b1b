import { rememberProviderState } from "@/lib/admin/klarna-cache";
import { summarize, type TransactionSummary } from "./back-office";
import { purchaseFromTransaction } from "./provider";
import { networkClient } from "./settings";

/**
 * Reads the payment transaction from Klarna and writes what it says (state, captured and refunded amounts, a void
 * or expiry before any capture) on the order row, so the orders list and reconcile agree with the order page after
 * a change made in the back office, not only after the payment.transaction.* webhook
 * (reference/klarna-network/notes.md: transaction states and amounts). Returns the summary the page shows.
 */
export async function syncNetworkOrder(transactionId: string): Promise<TransactionSummary> {
  const transaction = await networkClient().readTransaction(transactionId);
  await rememberProviderState(await purchaseFromTransaction(transaction));
  return summarize(transaction);
}
