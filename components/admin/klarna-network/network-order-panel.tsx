import { randomUUID } from "node:crypto";
import { formatDateTime, moneyFormatter } from "@/lib/admin/format";
import { orderRowByNumber } from "@/lib/admin/order-by-number";
import type { OrderLineRead } from "@/lib/klarna/types";
import type { TransactionSummary } from "@/lib/payments/klarna-network/back-office";
import { syncNetworkOrder } from "@/lib/payments/klarna-network/back-office-order";
import { describeNetworkError } from "@/lib/payments/klarna-network/errors";
import { LIMITS } from "@/lib/payments/klarna-network/limits";
import { findNetworkCheckoutByTransaction } from "@/lib/payments/klarna-network/storage";
import type { AdminOrderPanelOf } from "@/lib/payments/views-contract";
import { NetworkCaptureForm, NetworkRefundForm, NetworkVoidForm } from "./transaction-forms";

const STATE_WORDS: Record<TransactionSummary["state"], string> = {
  AUTHORIZED: "Authorized: can be captured",
  EXPIRED: "Expired: the authorization ran out before it was captured in full",
  COMPLETED: "Completed: nothing is left to capture",
  CLOSED: "Closed: no captures or refunds any more",
};

/**
 * The order page's panel of an order paid by Klarna payment request: the payment transaction, read live from Klarna,
 * with its capture, refund and void forms.
 */
export const networkAdminPanel: AdminOrderPanelOf = async (row) => {
  if (!(await findNetworkCheckoutByTransaction(row.providerReference))) return null;
  const major = (minor: number) => (minor / 100).toFixed(2);
  let summary: TransactionSummary | null = null;
  let problem: string | null = null;
  try {
    summary = await syncNetworkOrder(row.providerReference);
  } catch (error) {
    problem = describeNetworkError(error);
  }
  // Read after the sync, so the state and amounts it wrote on the row are the ones the page shows.
  const order = (await orderRowByNumber(row.orderNumber)) ?? row;
  const format = moneyFormatter(order);
  const lines = (order.lines as OrderLineRead[]).map((line, index) => ({ line, index }));
  const unreachable = "Klarna could not be reached, so the payment cannot be changed right now. Reload the page in a moment.";
  const captureRefusal = !summary
    ? unreachable
    : summary.state !== "AUTHORIZED"
      ? `Nothing can be captured: ${STATE_WORDS[summary.state].toLowerCase()}.`
      : summary.actions.captures >= LIMITS.captures
        ? `Klarna allows at most ${LIMITS.captures} captures on one payment; this one has them all.`
        : null;
  const refundRefusal = !summary
    ? unreachable
    : summary.state === "CLOSED"
      ? "The payment is closed at Klarna: nothing can be refunded any more."
      : summary.refundable <= 0
        ? "Nothing captured is left to refund."
        : null;
  const voidRefusal = !summary
    ? unreachable
    : summary.state !== "AUTHORIZED"
      ? `There is no authorization left to release: ${STATE_WORDS[summary.state].toLowerCase()}.`
      : null;

  const main = (
    <>
      <section className="panel" aria-labelledby="transaction-title">
        <div className="panel__head">
          <div>
            <h2 id="transaction-title">Payment transaction</h2>
            <p className="panel__hint" data-testid="transaction-state">
              {summary ? STATE_WORDS[summary.state] : "Unknown right now"}
              {summary?.state === "AUTHORIZED" && summary.expiresAt ? ` · capture before ${formatDateTime(summary.expiresAt)}` : ""}
            </p>
          </div>
        </div>
        <p className="panel__hint">
          <code style={{ overflowWrap: "anywhere" }}>{order.providerReference}</code>
        </p>
      </section>

      <section className="panel" aria-labelledby="capture-title">
        <div className="panel__head">
          <div>
            <h2 id="capture-title">Capture</h2>
            <p className="panel__hint">Capture what you ship, all at once or in parts, with its tracking.</p>
          </div>
        </div>
        <NetworkCaptureForm
          transactionId={order.providerReference}
          idempotencyKey={randomUUID()}
          remaining={summary ? major(summary.capturable) : ""}
          refusal={captureRefusal}
        />
        {summary && summary.captures.length > 0 && (
          <ul className="summary__lines" aria-label="Captures">
            {summary.captures.map((capture, index) => (
              <li key={capture.id} className="summary__line">
                <span className="summary__name">Capture {index + 1}</span>
                <span className="summary__amount">
                  {format(capture.amount)} ({format(capture.refundable)} refundable)
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel" aria-labelledby="refund-title">
        <div className="panel__head">
          <div>
            <h2 id="refund-title">Refund</h2>
            <p className="panel__hint">From one capture, or a returned line. Klarna pays the customer back.</p>
          </div>
        </div>
        <NetworkRefundForm
          transactionId={order.providerReference}
          idempotencyKey={randomUUID()}
          refusal={refundRefusal}
          captures={(summary?.captures ?? [])
            // Numbered as in the list of captures above, before the fully refunded ones are left out.
            .map((capture, index) => ({ capture, number: index + 1 }))
            .filter(({ capture }) => capture.refundable > 0)
            .map(({ capture, number }) => ({ id: capture.id, label: `capture ${number} (${format(capture.refundable)} left)` }))}
          lines={lines
            .filter(({ line }) => line.total_amount > 0)
            .map(({ line, index }) => ({ index, label: `${line.name} (${line.quantity} × ${format(line.total_amount / line.quantity)})` }))}
        />
      </section>

      <section className="panel" aria-labelledby="authorization-title">
        <div className="panel__head">
          <h2 id="authorization-title">Authorization</h2>
        </div>
        <div className="action-row">
          <div className="action-row__text">
            <h3>{summary && summary.captured > 0 ? "Release the rest of the authorization" : "Void the authorization"}</h3>
            <p>The customer is not charged for what was not captured. Nothing more can be captured afterwards.</p>
          </div>
          <NetworkVoidForm
            transactionId={order.providerReference}
            idempotencyKey={randomUUID()}
            label={summary && summary.captured > 0 ? "Release the rest" : "Void at Klarna"}
            refusal={voidRefusal}
          />
        </div>
      </section>
    </>
  );
  return {
    order,
    statusOf: summary
      ? { ...order, providerStatus: summary.state, capturedAmount: summary.captured, refundedAmount: summary.refunded }
      : order,
    problem: problem && `${problem} The amounts below are the store's last copy.`,
    amounts: {
      authorized: summary?.amount ?? order.orderAmount,
      captured: summary?.captured ?? order.capturedAmount,
      refunded: summary?.refunded ?? order.refundedAmount,
      remaining: summary ? summary.capturable : null,
    },
    ledger: null,
    main,
    eventsHint: "Newest first: the shopper's return, Klarna's webhooks and every change made here.",
  };
};
