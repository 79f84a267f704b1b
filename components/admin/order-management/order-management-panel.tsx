import { randomUUID } from "node:crypto";
import { CaptureForm } from "@/components/admin/capture-form";
import { CapturesList, RefundsList } from "@/components/admin/captures-list";
import { ConfirmActionForm } from "@/components/admin/confirm-action-form";
import { cancelAction, extendAction, releaseAction } from "@/components/admin/order-actions";
import { OrderEditsPanel } from "@/components/admin/order-edits/order-edits-panel";
import { RefundForm } from "@/components/admin/refund-form";
import { formatDateTime, formatKlarnaDateTime, moneyFormatter, relativeTime } from "@/lib/admin/format";
import { loadOrderDetail } from "@/lib/admin/order-detail";
import { orderLedger, selectableLines } from "@/lib/admin/order-ledger";
import { cancelRefusal, captureRefusal, extendRefusal, refundRefusal, releaseRefusal } from "@/lib/admin/order-rules";
import { getMarket } from "@/lib/pricing/markets";
import type { ManagedOrder } from "@/lib/klarna";
import type { StoreOrder } from "@/lib/orders/order-store";
import { PROVIDER_LABELS, providerBrand } from "@/lib/payments/provider";
import type { AdminOrderPanelOf } from "@/lib/payments/views-contract";

/**
 * The order page's panel of every provider with the Order Management capability (`PaymentProvider.orderManagement`,
 * lib/payments/provider.ts): Klarna's order read live, and the capture, refund, release, extend and cancel forms and
 * the order edits. Chosen by capability in lib/payments/admin-views.ts, so it names no provider.
 */
export const orderManagementPanel: AdminOrderPanelOf = async (row) => {
  const detail = await loadOrderDetail(row.orderNumber);
  if (!detail) return null;
  const { order, live, klarnaProblem } = detail;
  return {
    order,
    statusOf: order,
    problem: klarnaProblem && `${klarnaProblem} The amounts below are the store's last copy.`,
    amounts: live
      ? {
          authorized: live.order_amount,
          captured: live.captured_amount,
          refunded: live.refunded_amount,
          remaining: live.remaining_authorized_amount,
        }
      : { authorized: order.orderAmount, captured: order.capturedAmount, refunded: order.refundedAmount, remaining: null },
    ledger: live ? orderLedger(live) : [],
    main: <OrderManagementForms order={order} live={live} />,
    side: <OrderManagementFacts order={order} live={live} now={new Date()} />,
    eventsHint: "Newest first: Klarna's callbacks, acknowledgement and every change made here.",
  };
};

function OrderManagementForms({ order, live }: { order: StoreOrder; live: ManagedOrder | null }) {
  const now = new Date();
  const market = getMarket(order.market);
  const format = moneyFormatter(order);
  const unreachable = "Klarna could not be reached, so the order cannot be changed right now. Reload the page in a moment.";
  const ledger = live ? orderLedger(live) : [];
  return (
    <>
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
    </>
  );
}

/** Klarna's view of the order beside its lines: status, fraud check, authorization, references. */
function OrderManagementFacts({ order, live, now }: { order: StoreOrder; live: ManagedOrder | null; now: Date }) {
  const expiresAt = live?.expires_at ?? order.authorizationExpiresAt;
  // A Kustom order is Kustom's, not Klarna's: the mark and the words follow the order's provider.
  const brand = providerBrand(order.provider);
  return (
    <section className="panel" aria-labelledby="klarna-title">
      <div className="panel__head">
        <h2 id="klarna-title">
          <span className={`klarna-mark klarna-mark--${brand.toLowerCase()}`} data-testid="provider-mark">
            {brand}.
          </span>
          {live ? "Live status" : "Last known status"}
        </h2>
      </div>
      <dl className="facts-list">
        <div>
          <dt>Status</dt>
          <dd className="mono" data-testid="klarna-status">
            {live?.status ?? order.providerStatus ?? "Not read yet"}
          </dd>
        </div>
        <div>
          <dt>Fraud check</dt>
          <dd>{live?.fraud_status ?? order.fraudStatus ?? "—"}</dd>
        </div>
        <div>
          <dt>Authorization ends</dt>
          <dd data-testid="authorization-expiry">
            {expiresAt ? (
              <>
                {formatKlarnaDateTime(expiresAt)}
                <span className="admin-table__secondary">{relativeTime(expiresAt, now)}</span>
              </>
            ) : (
              "—"
            )}
          </dd>
        </div>
        <div>
          <dt>Acknowledged</dt>
          <dd>{order.acknowledgedAt ? formatDateTime(order.acknowledgedAt) : order.status === "pending" ? "Not yet" : "—"}</dd>
        </div>
        <div>
          <dt>Provider</dt>
          <dd data-testid="order-provider">{PROVIDER_LABELS[order.provider]}</dd>
        </div>
        <div>
          <dt>Payment</dt>
          <dd>{order.paymentMethod ?? "Klarna"}</dd>
        </div>
        <div>
          <dt>{brand} reference</dt>
          <dd className="mono">{live?.klarna_reference ?? "—"}</dd>
        </div>
        <div>
          <dt>{order.klarnaOrderId === order.providerReference ? "Order id" : "Provider reference"}</dt>
          <dd className="mono" data-testid="klarna-order-id">
            {order.providerReference}
          </dd>
        </div>
      </dl>
    </section>
  );
}
