import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EventLog } from "@/components/admin/event-log";
import { OrderLinesPanel } from "@/components/admin/order-lines-panel";
import { CustomerPanel } from "@/components/admin/order-side";
import { StatusPill } from "@/components/admin/status-pill";
import { OrderEmailsPanel } from "@/components/email/order-emails-panel";
import { formatDateTime, moneyFormatter } from "@/lib/admin/format";
import { orderRowByNumber } from "@/lib/admin/order-by-number";
import { expressFlowOf } from "@/lib/admin/order-detail";
import { deriveOrderStatus } from "@/lib/admin/order-status";
import { merchantOrSignIn } from "@/lib/admin/session";
import { orderEventsOf } from "@/lib/orders/order-store";
import { adminOrderPanelOf } from "@/lib/payments/admin-views";
import { PROVIDER_LABELS, providerBrand } from "@/lib/payments/provider";
import { getMarket } from "@/lib/pricing/markets";

interface Props {
  params: Promise<{ orderNumber: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeURIComponent((await params).orderNumber) };
}

/**
 * The one order page of the back office, whichever provider took the payment. What every order has is rendered here
 * from the store's row and events; the provider's own part (its live state and operations) is its panel, looked up
 * in lib/payments/admin-views.ts.
 */
export default async function OrderPage({ params }: Props) {
  const orderNumber = decodeURIComponent((await params).orderNumber);
  await merchantOrSignIn(`/admin/orders/${encodeURIComponent(orderNumber)}`);
  const row = await orderRowByNumber(orderNumber);
  if (!row) notFound();
  const panelOf = await adminOrderPanelOf(row.provider);
  const panel = panelOf ? await panelOf(row) : null;
  if (!panel) notFound();
  // Read after the panel, so what the provider reported while it was read (a cancellation, a capture) is logged.
  const [events, express] = await Promise.all([
    orderEventsOf(panel.order.providerReference, panel.order.checkoutSessionId),
    expressFlowOf(panel.order),
  ]);
  const { order, amounts } = panel;
  const market = getMarket(order.market);
  const format = moneyFormatter(order);
  const billing = order.billingAddress as { given_name?: string; family_name?: string } | null;
  const customer = [billing?.given_name, billing?.family_name].filter(Boolean).join(" ");
  const brand = providerBrand(order.provider);

  return (
    <>
      <nav className="admin-crumbs" aria-label="Breadcrumb">
        <Link href="/admin/orders">Orders</Link> / {order.orderNumber}
      </nav>
      <div className="admin-head">
        <div>
          <div className="admin-head__title">
            <h1>Order {order.orderNumber}</h1>
            {panel.pill ?? <StatusPill status={deriveOrderStatus(panel.statusOf, new Date())} large />}
          </div>
          <p className="admin-head__sub">
            Placed {formatDateTime(order.createdAt)}
            {customer && ` · ${customer}`}
            {order.email && ` · ${order.email}`} · {market.name} ·{" "}
            <span data-testid="order-head-provider">
              {PROVIDER_LABELS[order.provider]}
              {express && " · Express checkout"}
            </span>
          </p>
        </div>
      </div>

      {panel.problem && (
        <p className="notice notice--warning" role="alert">
          {panel.problem}
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
          <dt>{amounts.remainingLabel ?? "Remaining authorized"}</dt>
          <dd data-testid="amount-remaining">{amounts.remaining === null ? "—" : format(amounts.remaining)}</dd>
        </div>
      </dl>

      <div className="order-layout">
        <div className="order-layout__main">
          <OrderLinesPanel order={order} ledger={panel.ledger} format={format} />
          {panel.main}
        </div>
        <aside className="order-layout__side" aria-label={`${brand} and customer`}>
          {panel.side}
          <CustomerPanel order={order} />
        </aside>
      </div>

      <section className="panel panel--flush event-log" aria-labelledby="events-title">
        <div className="panel__head">
          <div>
            <h2 id="events-title">Event log</h2>
            <p className="panel__hint">{panel.eventsHint}</p>
          </div>
        </div>
        <EventLog events={events} />
      </section>
      <OrderEmailsPanel orderId={order.id} />
    </>
  );
}
