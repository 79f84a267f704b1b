import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { randomUUID } from "node:crypto";
import { CaptureForm } from "@/components/admin/capture-form";
import { CapturesList, RefundsList } from "@/components/admin/captures-list";
import { ConfirmActionForm } from "@/components/admin/confirm-action-form";
import { EventLog } from "@/components/admin/event-log";
import { OrderEmailsPanel } from "@/components/email/order-emails-panel";
import { cancelAction, extendAction, releaseAction } from "@/components/admin/order-actions";
import { OrderLinesPanel } from "@/components/admin/order-lines-panel";
import { OrderEditsPanel } from "@/components/admin/order-edits/order-edits-panel";
import { OrderSide } from "@/components/admin/order-side";
import { RefundForm } from "@/components/admin/refund-form";
import { StatusPill } from "@/components/admin/status-pill";
import { formatDateTime, formatKlarnaDateTime, moneyFormatter } from "@/lib/admin/format";
import { orderRowByNumber } from "@/lib/admin/order-by-number";
import { loadOrderDetail } from "@/lib/admin/order-detail";
import { orderLedger, selectableLines } from "@/lib/admin/order-ledger";
import { cancelRefusal, captureRefusal, extendRefusal, refundRefusal, releaseRefusal } from "@/lib/admin/order-rules";
import { deriveOrderStatus } from "@/lib/admin/order-status";
import { merchantOrSignIn } from "@/lib/admin/session";
import { adminOrderPageOf } from "@/lib/payments/admin-views";
import { getMarket } from "@/lib/pricing/markets";

interface Props {
  params: Promise<{ orderNumber: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeURIComponent((await params).orderNumber) };
}

export default async function OrderPage({ params }: Props) {
  const orderNumber = decodeURIComponent((await params).orderNumber);
  await merchantOrSignIn(`/admin/orders/${encodeURIComponent(orderNumber)}`);
  // A provider that manages payments its own way shows its own section (lib/payments/<provider>/views.tsx); the
  // others are managed through Order Management, below.
  const row = await orderRowByNumber(orderNumber);
  const ownPage = row ? await adminOrderPageOf(row.provider) : null;
  const own = row && ownPage ? await ownPage(row) : null;
  if (row && own) {
    return (
      <>
        {own}
        <OrderEmailsPanel orderId={row.id} />
      </>
    );
  }
  const detail = await loadOrderDetail(orderNumber);
  if (!detail) notFound();
  const { order, live, klarnaProblem, events } = detail;

  const now = new Date();
  const market = getMarket(order.market);
  const format = moneyFormatter(order);
  const status = deriveOrderStatus(order, now);
  const unreachable = "Klarna could not be reached, so the order cannot be changed right now. Reload the page in a moment.";
  const ledger = live ? orderLedger(live) : [];
  const amounts = live
    ? {
        authorized: live.order_amount,
        captured: live.captured_amount,
        refunded: live.refunded_amount,
        remaining: live.remaining_authorized_amount,
      }
    : {
        authorized: order.orderAmount,
        captured: order.capturedAmount,
        refunded: order.refundedAmount,
        remaining: null,
      };
  const billing = order.billingAddress as { given_name?: string; family_name?: string } | null;
  const customer = [billing?.given_name, billing?.family_name].filter(Boolean).join(" ");

  return (
    <>
      <nav className="admin-crumbs" aria-label="Breadcrumb">
        <Link href="/admin/orders">Orders</Link> / {order.orderNumber}
      </nav>
      <div className="admin-head">
        <div>
          <div className="admin-head__title">
            <h1>Order {order.orderNumber}</h1>
            <StatusPill status={status} large />
          </div>
          <p className="admin-head__sub">
            Placed {formatDateTime(order.createdAt)}
            {customer && ` · ${customer}`}
            {order.email && ` · ${order.email}`} · {market.name}
          </p>
        </div>
      </div>

      {klarnaProblem && (
        <p className="notice notice--warning" role="alert">
          {klarnaProblem} The amounts below are the store&apos;s last copy.
        </p>
      )}
      {order.status === "cancelled" && order.cancelReason && (
        <p className="notice notice--warning">Cancelled: {order.cancelReason}</p>
      )}

      <dl className="amounts" aria-label="Amounts">
        <div className="amount">
          <dt>Authorized</dt>
          <dd data-testid="amount-authorized">{format(amounts.authorized)}</dd>
        </div>
        <div className="amount">
          <dt>Captured</dt>
          <dd data-testid="amount-captured">{format(amounts.captured)}</dd>
        </div>
        <div className="amount">
          <dt>Refunded</dt>
          <dd data-testid="amount-refunded">{format(amounts.refunded)}</dd>
        </div>
        <div className="amount amount--remaining">
          <dt>Remaining authorized</dt>
          <dd data-testid="amount-remaining">{amounts.remaining === null ? "—" : format(amounts.remaining)}</dd>
        </div>
      </dl>

      <div className="order-layout">
        <div className="order-layout__main">
          <OrderLinesPanel order={order} ledger={ledger} format={format} />
          {live && <OrderEditsPanel order={order} live={live} now={now} />}

          <section className="panel" aria-labelledby="capture-title">
            <div className="panel__head">
              <div>
                <h2 id="capture-title">Capture</h2>
                <p className="panel__hint">Capture what you ship. Leave a line at 0 to capture it later.</p>
              </div>
            </div>
            <CaptureForm
              klarnaOrderId={order.providerReference}
              idempotencyKey={randomUUID()}
              lines={selectableLines(ledger, "captured")}
              currency={order.currency}
              locale={market.formatLocale}
              remaining={live?.remaining_authorized_amount ?? 0}
              refusal={live ? captureRefusal(live, now, format) : unreachable}
            />
          </section>

          <section className="panel" aria-labelledby="captures-title">
            <div className="panel__head">
              <h2 id="captures-title">Captures and tracking</h2>
            </div>
            {live ? (
              <CapturesList klarnaOrderId={order.providerReference} captures={live.captures} format={format} />
            ) : (
              <p className="refusal">{unreachable}</p>
            )}
          </section>

          <section className="panel" aria-labelledby="refund-title">
            <div className="panel__head">
              <div>
                <h2 id="refund-title">Refund</h2>
                <p className="panel__hint">Refund returned or missing items. Klarna pays the customer back.</p>
              </div>
            </div>
            <RefundForm
              klarnaOrderId={order.providerReference}
              idempotencyKey={randomUUID()}
              lines={selectableLines(ledger, "refunded")}
              currency={order.currency}
              locale={market.formatLocale}
              refundable={live ? live.captured_amount - live.refunded_amount : 0}
              refusal={live ? refundRefusal(live) : unreachable}
            />
            {live && <RefundsList refunds={live.refunds} format={format} />}
          </section>

          <section className="panel" aria-labelledby="authorization-title">
            <div className="panel__head">
              <h2 id="authorization-title">Authorization</h2>
            </div>
            <div className="action-row">
              <div className="action-row__text">
                <h3>Release the remaining authorization</h3>
                <p>After a partial capture, when the rest will not ship. The customer is not charged for it.</p>
              </div>
              <ConfirmActionForm
                action={releaseAction}
                klarnaOrderId={order.providerReference}
                idempotencyKey={randomUUID()}
                label="Release remaining…"
                pendingLabel="Releasing…"
                confirm={{
                  question: `Release ${live ? format(live.remaining_authorized_amount) : "the rest"}? Nothing more can be captured afterwards.`,
                  button: "Release at Klarna",
                  keep: "Keep it",
                }}
                refusal={live ? releaseRefusal(live, now) : unreachable}
              />
            </div>
            <div className="action-row">
              <div className="action-row__text">
                <h3>Extend the authorization time</h3>
                <p>
                  {live?.expires_at
                    ? `Captures are possible until ${formatKlarnaDateTime(live.expires_at)}.`
                    : "Gives more time to capture, when shipping is late."}
                </p>
              </div>
              <ConfirmActionForm
                action={extendAction}
                klarnaOrderId={order.providerReference}
                idempotencyKey={randomUUID()}
                label="Extend authorization"
                pendingLabel="Extending…"
                refusal={live ? extendRefusal(live, now) : unreachable}
              />
            </div>
            <div className="action-row">
              <div className="action-row__text">
                <h3>Cancel the order</h3>
                <p>Only before anything is captured. The customer is not charged.</p>
              </div>
              <ConfirmActionForm
                action={cancelAction}
                klarnaOrderId={order.providerReference}
                idempotencyKey={randomUUID()}
                label="Cancel order…"
                pendingLabel="Cancelling…"
                tone="danger"
                confirm={{
                  question: "Cancel this order at Klarna? This cannot be undone.",
                  button: "Cancel order at Klarna",
                  keep: "Keep order",
                  reasonLabel: "Reason (kept in the order log)",
                }}
                refusal={live ? cancelRefusal(live) : unreachable}
              />
            </div>
          </section>
        </div>
        <OrderSide order={order} live={live} now={now} />
      </div>

      <section className="panel panel--flush event-log" aria-labelledby="events-title">
        <div className="panel__head">
          <div>
            <h2 id="events-title">Event log</h2>
            <p className="panel__hint">Newest first: Klarna&apos;s callbacks, acknowledgement and every change made here.</p>
          </div>
        </div>
        <EventLog events={events} />
      </section>
      <OrderEmailsPanel orderId={order.id} />
    </>
  );
}
