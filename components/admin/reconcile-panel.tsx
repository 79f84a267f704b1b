import Link from "next/link";
import { formatKlarnaDateTime, moneyFormatter, relativeTime } from "@/lib/admin/format";
import type { ReconcileCandidate } from "@/lib/admin/reconcile";
import { ReconcileAllButton, ReconcileButton } from "./reconcile-buttons";

/**
 * Every order must end acknowledged or cancelled, and an authorization must be captured before it expires. This
 * panel lists the orders where that is not happening by itself.
 */
export function ReconcilePanel({ candidates, now }: { candidates: ReconcileCandidate[]; now: Date }) {
  return (
    <section className={`panel panel--flush${candidates.length ? " panel--attention" : ""}`} aria-labelledby="reconcile-title">
      <div className="panel__head">
        <div>
          <h2 id="reconcile-title">Needs attention</h2>
          <p className="panel__hint">
            Orders not acknowledged 10 minutes after purchase, and authorizations that end within 48 hours.
            Reconciling reads the order from Klarna, then acknowledges it, or cancels it if the store will not ship it.
          </p>
        </div>
        {candidates.length > 0 && <ReconcileAllButton />}
      </div>
      {candidates.length === 0 ? (
        <p className="all-clear">
          <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round">
            <circle cx="12" cy="12" r="10" />
            <path d="m7.5 12.5 3 3 6-6.5" />
          </svg>
          Every order is acknowledged or cancelled, and no authorization is about to expire.
        </p>
      ) : (
        <table className="admin-table stacked-table">
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Why</th>
              <th scope="col" className="num">
                Not captured
              </th>
              <th scope="col">Authorization ends</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {candidates.map((order) => {
              const money = moneyFormatter(order);
              return (
                <tr key={order.providerReference} data-testid={`attention-${order.orderNumber}`}>
                  <td className="stacked-table__title">
                    <Link href={`/admin/orders/${order.orderNumber}`} className="admin-table__primary">
                      {order.orderNumber}
                    </Link>
                    <span className="admin-table__secondary">
                      {order.email ?? "no e-mail"} · placed {relativeTime(order.createdAt, now)}
                    </span>
                  </td>
                  <td data-label="Why" className="stacked-table__aside">
                    <span>
                      {order.reasons.includes("unacknowledged") && <span className="reason">Not acknowledged</span>}
                      {order.reasons.includes("expiring") && (
                        <span className={`reason${new Date(order.expiresAt) <= now ? " reason--danger" : ""}`}>
                          {new Date(order.expiresAt) <= now ? "Authorization ended" : "Expires soon"}
                        </span>
                      )}
                    </span>
                  </td>
                  <td data-label="Not captured" className="num">
                    {money(order.orderAmount - order.capturedAmount)}
                  </td>
                  <td data-label="Authorization ends">
                    <span>
                      {formatKlarnaDateTime(order.expiresAt)}
                      <span className="admin-table__secondary">
                        {relativeTime(order.expiresAt, now)}
                        {order.expiryEstimated ? " (estimated)" : ""}
                      </span>
                    </span>
                  </td>
                  <td>
                    <div className="cell-actions">
                      <ReconcileButton klarnaOrderId={order.providerReference} provider={order.provider} orderNumber={order.orderNumber} />
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
