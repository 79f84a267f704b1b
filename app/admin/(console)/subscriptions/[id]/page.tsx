import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { eq, inArray } from "drizzle-orm";
import { db } from "@/db";
import { orders } from "@/db/schema";
import {
  cancelSubscriptionAction,
  chargeNowAction,
  pauseSubscriptionAction,
  resumeSubscriptionAction,
} from "@/components/admin/subscriptions/subscription-actions";
import { SubscriptionButton } from "@/components/admin/subscriptions/subscription-button";
import { SubscriptionStatus } from "@/components/admin/subscriptions/subscription-status";
import { formatDate, formatDateTime, moneyFormatter } from "@/lib/admin/format";
import { merchantOrSignIn } from "@/lib/admin/session";
import { cadenceWords } from "@/lib/subscriptions/interval";
import { refreshTokenStatus } from "@/lib/subscriptions/manage";
import { RETRY_SCHEDULE_WORDS } from "@/lib/subscriptions/retry-schedule";
import { findSubscription, renewalsOf, type Renewal } from "@/lib/subscriptions/store";

export const metadata: Metadata = { title: "Subscription" };
export const dynamic = "force-dynamic";

const RENEWAL_LABELS: Record<Renewal["status"], string> = {
  charging: "Being charged",
  placed: "Placed",
  refused: "Refused, will retry",
  given_up: "Refused, paused",
};

export default async function SubscriptionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await merchantOrSignIn(`/admin/subscriptions/${id}`);
  const subscriptionId = Number(id);
  const subscription = Number.isSafeInteger(subscriptionId) && subscriptionId > 0 ? await findSubscription(subscriptionId) : null;
  if (!subscription) notFound();
  const [renewals, token, [source]] = await Promise.all([
    renewalsOf(subscription.id),
    refreshTokenStatus(subscription),
    db().select({ orderNumber: orders.orderNumber }).from(orders).where(eq(orders.id, subscription.sourceOrderId)),
  ]);
  const klarnaIds = renewals.map((renewal) => renewal.klarnaOrderId).filter((value): value is string => value !== null);
  const renewalOrders = klarnaIds.length
    ? await db().select({ klarnaOrderId: orders.klarnaOrderId, orderNumber: orders.orderNumber, status: orders.status }).from(orders).where(inArray(orders.klarnaOrderId, klarnaIds))
    : [];
  const storeOrderOf = new Map(renewalOrders.map((order) => [order.klarnaOrderId, order]));
  const money = moneyFormatter(subscription);
  const cadence = cadenceWords(subscription);
  const open = subscription.status === "active" || subscription.status === "paused";

  return (
    <>
      <div className="admin-head">
        <div>
          <p className="admin-head__sub">
            <Link href="/admin/subscriptions">← Subscriptions</Link>
          </p>
          <h1 className="admin-head__title">
            {subscription.name} <SubscriptionStatus status={subscription.status} />
          </h1>
          <p className="admin-head__sub">
            {money(subscription.amount)} {cadence.per}, for {subscription.email ?? "a shopper without email"}
          </p>
        </div>
      </div>
      {subscription.statusReason && (
        <p className={`notice ${subscription.status === "paused" ? "notice--error" : ""}`} role="status" data-testid="subscription-reason">
          {subscription.statusReason}
        </p>
      )}
      <div className="settings-layout">
        <section className="panel" aria-labelledby="facts-title">
          <h2 id="facts-title">Details</h2>
          <dl className="facts-list">
            <div>
              <dt>Next charge</dt>
              <dd data-testid="next-charge">
                {subscription.status === "active" ? `${formatDate(subscription.nextChargeAt)} (renewal ${subscription.nextPeriod})` : "None while " + subscription.status}
              </dd>
            </div>
            <div>
              <dt>Price</dt>
              <dd>
                {money(subscription.amount)} {cadence.every}, tax {money(subscription.taxAmount)}
              </dd>
            </div>
            <div>
              <dt>Klarna customer token</dt>
              <dd data-testid="token-status">
                {token.status ?? "None yet"}
                {subscription.paymentMethodType && <span className="muted"> · {subscription.paymentMethodType.toLowerCase().replace(/_/g, " ")}</span>}
                {token.error && <span className="refusal"> Klarna could not be asked just now: {token.error}</span>}
              </dd>
            </div>
            <div>
              <dt>Started</dt>
              <dd>
                {formatDateTime(subscription.startedAt)} with order{" "}
                {source ? <Link href={`/admin/orders/${encodeURIComponent(source.orderNumber)}`}>{source.orderNumber}</Link> : "—"}
              </dd>
            </div>
            <div>
              <dt>Market</dt>
              <dd>
                {subscription.market}, {subscription.currency}
              </dd>
            </div>
            {subscription.cancelledAt && (
              <div>
                <dt>Cancelled</dt>
                <dd>
                  {formatDateTime(subscription.cancelledAt)} by the {subscription.cancelledBy}
                </dd>
              </div>
            )}
          </dl>
        </section>
        <section className="panel settings-layout__side" aria-labelledby="actions-title">
          <h2 id="actions-title">Actions</h2>
          {!open ? (
            <p className="muted">A {subscription.status} subscription has no actions.</p>
          ) : (
            <div className="action-rows">
              {subscription.status === "active" && (
                <>
                  <SubscriptionButton action={chargeNowAction} id={subscription.id} label="Charge now" pendingLabel="Charging…" />
                  <SubscriptionButton action={pauseSubscriptionAction} id={subscription.id} label="Pause" pendingLabel="Pausing…" />
                </>
              )}
              {subscription.status === "paused" && (
                <SubscriptionButton action={resumeSubscriptionAction} id={subscription.id} label="Resume" pendingLabel="Resuming…" />
              )}
              <SubscriptionButton
                action={cancelSubscriptionAction}
                id={subscription.id}
                label="Cancel subscription…"
                pendingLabel="Cancelling…"
                tone="danger"
                confirm={{
                  question: "Cancel the customer token at Klarna? No renewal can be charged after this.",
                  button: "Cancel subscription",
                  keep: "Keep it",
                }}
              />
            </div>
          )}
          <p className="panel__hint">A refused renewal is {RETRY_SCHEDULE_WORDS}.</p>
        </section>
      </div>
      <section className="panel panel--flush subscription-renewals" aria-labelledby="renewals-title">
        <div className="panel__head">
          <div>
            <h2 id="renewals-title">Renewals</h2>
            <p className="panel__hint">Each renewal is an order of its own; capture it from the order&apos;s page.</p>
          </div>
        </div>
        <table className="admin-table stacked-table">
          <thead>
            <tr>
              <th scope="col">Renewal</th>
              <th scope="col">Order</th>
              <th scope="col">Attempts</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {renewals.length === 0 ? (
              <tr>
                <td colSpan={4} className="admin-table__empty">
                  No renewals yet.
                </td>
              </tr>
            ) : (
              renewals.map((renewal) => {
                const order = renewal.klarnaOrderId ? storeOrderOf.get(renewal.klarnaOrderId) : undefined;
                return (
                  <tr key={renewal.id} data-testid={`renewal-${renewal.period}`}>
                    <td className="stacked-table__title">
                      <span className="admin-table__primary">Renewal {renewal.period}</span>
                      <span className="admin-table__secondary">
                        {formatDateTime(renewal.updatedAt)}
                        {renewal.trigger === "manual" ? " · charged now by the merchant" : ""}
                      </span>
                    </td>
                    <td data-label="Order">
                      {order ? (
                        <Link href={`/admin/orders/${encodeURIComponent(order.orderNumber)}`}>{order.orderNumber}</Link>
                      ) : (
                        <span className="muted">{renewal.status === "placed" ? `${renewal.orderNumber} (being recorded)` : "None"}</span>
                      )}
                    </td>
                    <td data-label="Attempts">
                      {renewal.attempts}
                      {renewal.lastError && <span className="admin-table__secondary">{renewal.lastError}</span>}
                      {renewal.status === "refused" && renewal.nextAttemptAt && (
                        <span className="admin-table__secondary">Next try {formatDateTime(new Date(renewal.nextAttemptAt))}</span>
                      )}
                    </td>
                    <td data-label="Status" className="stacked-table__aside">
                      {RENEWAL_LABELS[renewal.status]}
                    </td>
                  </tr>
                );
              })
            )}
          </tbody>
        </table>
      </section>
    </>
  );
}
