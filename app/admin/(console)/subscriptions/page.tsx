import type { Metadata } from "next";
import Link from "next/link";
import { SubscriptionStatus } from "@/components/admin/subscriptions/subscription-status";
import { formatDate, moneyFormatter } from "@/lib/admin/format";
import { merchantOrSignIn } from "@/lib/admin/session";
import { cadenceWords } from "@/lib/subscriptions/interval";
import { RETRY_SCHEDULE_WORDS } from "@/lib/subscriptions/retry-schedule";
import { listSubscriptions, pausedByRefusal } from "@/lib/subscriptions/store";

export const metadata: Metadata = { title: "Subscriptions" };
export const dynamic = "force-dynamic";

export default async function SubscriptionsPage() {
  await merchantOrSignIn("/admin/subscriptions");
  const [rows, needsAttention] = await Promise.all([listSubscriptions(), pausedByRefusal()]);
  const active = rows.filter((row) => row.status === "active").length;
  return (
    <>
      <div className="admin-head">
        <div>
          <h1>Subscriptions</h1>
          <p className="admin-head__sub">
            Renewals are charged with each shopper&apos;s Klarna customer token when they fall due. A refused renewal is{" "}
            {RETRY_SCHEDULE_WORDS}.
          </p>
        </div>
      </div>
      {needsAttention.length > 0 && (
        <section className="panel panel--attention subscription-notice" aria-labelledby="attention-title" data-testid="subscription-notice">
          <h2 id="attention-title">
            {needsAttention.length === 1 ? "1 subscription was paused" : `${needsAttention.length} subscriptions were paused`}: Klarna
            refused its renewals
          </h2>
          <ul>
            {needsAttention.map((row) => (
              <li key={row.id}>
                <Link href={`/admin/subscriptions/${row.id}`}>
                  {row.name} for {row.email ?? "a shopper"}
                </Link>
                : {row.statusReason}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="panel panel--flush" aria-labelledby="subscriptions-title">
        <div className="panel__head">
          <div>
            <h2 id="subscriptions-title">All subscriptions</h2>
            <p className="panel__hint">
              {rows.length} {rows.length === 1 ? "subscription" : "subscriptions"}, {active} active. Newest first.
            </p>
          </div>
        </div>
        <table className="admin-table stacked-table">
          <thead>
            <tr>
              <th scope="col">Subscription</th>
              <th scope="col" className="num">
                Price
              </th>
              <th scope="col">Next charge</th>
              <th scope="col">First order</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={5} className="admin-table__empty">
                  No subscriptions yet. They start when a shopper orders a subscription product.
                </td>
              </tr>
            ) : (
              rows.map((row) => {
                const money = moneyFormatter(row);
                return (
                  <tr key={row.id} data-testid={`subscription-${row.id}`}>
                    <td className="stacked-table__title">
                      <Link href={`/admin/subscriptions/${row.id}`} className="admin-table__primary">
                        {row.name}
                      </Link>
                      <span className="admin-table__secondary">{row.email ?? "No email"}</span>
                    </td>
                    <td data-label="Price" className="num nowrap">
                      {money(row.amount)} {cadenceWords(row).per}
                    </td>
                    <td data-label="Next charge" className="nowrap">
                      {row.status === "active" ? formatDate(row.nextChargeAt) : <span className="muted">None while {row.status}</span>}
                    </td>
                    <td data-label="First order">
                      <Link href={`/admin/orders/${encodeURIComponent(row.sourceOrderNumber)}`}>{row.sourceOrderNumber}</Link>
                    </td>
                    <td data-label="Status" className="stacked-table__aside">
                      <SubscriptionStatus status={row.status} />
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
