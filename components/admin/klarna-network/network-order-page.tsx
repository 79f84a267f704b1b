import Link from "next/link";
import { randomUUID } from "node:crypto";
import { EventLog } from "@/components/admin/event-log";
import { CustomerPanel } from "@/components/admin/order-side";
import { StatusPill } from "@/components/admin/status-pill";
import { formatDateTime, moneyFormatter } from "@/lib/admin/format";
import { deriveOrderStatus } from "@/lib/admin/order-status";
import type { OrderLineRead } from "@/lib/klarna/types";
import type { orderEventsOf, StoreOrder } from "@/lib/orders/order-store";
import type { TransactionSummary } from "@/lib/payments/klarna-network/back-office";
import { syncNetworkOrder } from "@/lib/payments/klarna-network/back-office-order";
import { describeNetworkError } from "@/lib/payments/klarna-network/errors";
import { LIMITS } from "@/lib/payments/klarna-network/limits";
import { getMarket } from "@/lib/pricing/markets";
import { NetworkCaptureForm, NetworkRefundForm, NetworkVoidForm } from "./transaction-forms";

const STATE_WORDS: Record<TransactionSummary["state"], string> = {
  AUTHORIZED: "Authorized: can be captured",
  EXPIRED: "Expired: the authorization ran out before it was captured in full",
  COMPLETED: "Completed: nothing is left to capture",
  CLOSED: "Closed: no captures or refunds any more",
};

/** The back-office page of an order paid by Klarna payment request: the payment transaction, read live from Klarna. */
export async function NetworkOrderPage({ order, events }: { order: StoreOrder; events: Awaited<ReturnType<typeof orderEventsOf>> }) {
  const market = getMarket(order.market);
  const format = moneyFormatter(order);
  const major = (minor: number) => (minor / 100).toFixed(2);
  let summary: TransactionSummary | null = null;
  let problem: string | null = null;
  try {
    summary = await syncNetworkOrder(order.providerReference);
  } catch (error) {
    problem = describeNetworkError(error);
  }
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

  return (
    <>
      <nav className="admin-crumbs" aria-label="Breadcrumb">
        <Link href="/admin/orders">Orders</Link> / {order.orderNumber}
      </nav>
      <div className="admin-head">
        <div>
          <div className="admin-head__title">
            <h1>Order {order.orderNumber}</h1>
            <StatusPill
              status={deriveOrderStatus(
                summary
                  ? { ...order, providerStatus: summary.state, capturedAmount: summary.captured, refundedAmount: summary.refunded }
                  : order,
                new Date(),
              )}
              large
            />
          </div>
          <p className="admin-head__sub">
            Placed {formatDateTime(order.createdAt)}
            {order.email && ` · ${order.email}`} · {market.name} · Klarna payment request
          </p>
        </div>
      </div>
      {problem && (
        <p className="notice notice--warning" role="alert">
          {problem} The amounts below are the store&apos;s last copy.
        </p>
      )}
      {order.status === "cancelled" && order.cancelReason && <p className="notice notice--warning">Cancelled: {order.cancelReason}</p>}

      <dl className="amounts" aria-label="Amounts">
        <div className="amount">
          <dt>Authorized</dt>
          <dd data-testid="amount-authorized">{format(summary?.amount ?? order.orderAmount)}</dd>
        </div>
        <div className="amount">
          <dt>Captured</dt>
          <dd data-testid="amount-captured">{format(summary?.captured ?? order.capturedAmount)}</dd>
        </div>
        <div className="amount">
          <dt>Refunded</dt>
          <dd data-testid="amount-refunded">{format(summary?.refunded ?? order.refundedAmount)}</dd>
        </div>
        <div className="amount amount--remaining">
          <dt>Remaining authorized</dt>
          <dd data-testid="amount-remaining">{summary ? format(summary.capturable) : "—"}</dd>
        </div>
      </dl>

      <div className="order-layout">
        <div className="order-layout__main">
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
              <code>{order.providerReference}</code>
            </p>
            <ul className="summary__lines">
              {lines.map(({ line, index }) => (
                <li key={index} className="summary__line">
                  <span className="summary__qty">{line.quantity} ×</span>
                  <span className="summary__name">{line.name}</span>
                  <span className="summary__amount">{format(line.total_amount)}</span>
                </li>
              ))}
            </ul>
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
        </div>
        <aside className="order-layout__side">
          <CustomerPanel order={order} />
        </aside>
      </div>

      <section className="panel panel--flush event-log" aria-labelledby="events-title">
        <div className="panel__head">
          <div>
            <h2 id="events-title">Event log</h2>
            <p className="panel__hint">Newest first: the shopper&apos;s return, Klarna&apos;s webhooks and every change made here.</p>
          </div>
        </div>
        <EventLog events={events} />
      </section>
    </>
  );
}
