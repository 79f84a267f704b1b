import { formatLogTime } from "@/lib/admin/format";
import { emailsOfOrder, type OutboxRow } from "@/lib/email/outbox";
import { ResendEmailButton } from "./resend-button";

const KINDS: Record<OutboxRow["kind"], string> = {
  confirmation: "Order confirmation",
  shipping: "Shipping notice",
  refund: "Refund",
  cancellation: "Cancellation",
  order_link: "Find-my-order link",
};

function statusOf(row: OutboxRow): { text: string; tone: string } {
  if (row.status === "sent") return { text: row.attempts > 1 ? `Sent after ${row.attempts} attempts` : "Sent", tone: " event-outcome--good" };
  if (row.status === "failed") return { text: `Failed after ${row.attempts} attempts`, tone: " event-outcome--bad" };
  if (row.attempts > 0) return { text: `Retrying (${row.attempts} ${row.attempts === 1 ? "attempt" : "attempts"}), next ${formatLogTime(new Date(row.nextAttemptAt))}`, tone: " event-outcome--bad" };
  return { text: "Queued", tone: "" };
}

/** The shopper emails of one order (lib/email/outbox.ts), newest first, each with a resend button. */
export async function OrderEmailsPanel({ orderId }: { orderId: number }) {
  const rows = await emailsOfOrder(orderId);
  return (
    <section className="panel" aria-labelledby="emails-title">
      <div className="panel__head">
        <div>
          <h2 id="emails-title">Emails to the shopper</h2>
          <p className="panel__hint">Newest first. A resend sends the same email again, with the order as it is now.</p>
        </div>
      </div>
      <table className="admin-table stacked-table" aria-label="Emails to the shopper">
        <thead>
          <tr>
            <th scope="col">Queued</th>
            <th scope="col">Email</th>
            <th scope="col">To</th>
            <th scope="col">Status</th>
            <th scope="col">Last error</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={6} className="admin-table__empty">
                No emails yet.
              </td>
            </tr>
          ) : (
            rows.map((row) => {
              const status = statusOf(row);
              return (
                <tr key={row.id} data-testid="order-email">
                  <td className="stacked-table__title event-time">
                    <time dateTime={row.createdAt}>{formatLogTime(row.createdAt)}</time>
                  </td>
                  <td data-label="Email">
                    {KINDS[row.kind]}
                    {row.resendOf ? " (resent)" : ""}
                  </td>
                  <td data-label="To">{row.recipient}</td>
                  <td data-label="Status" className="stacked-table__aside">
                    <span className={`event-outcome${status.tone}`}>{status.text}</span>
                  </td>
                  <td data-label="Last error" className="stacked-table__wide">
                    <span className="event-detail">{row.lastError ?? "—"}</span>
                  </td>
                  <td>
                    <ResendEmailButton emailId={row.id} label={`${KINDS[row.kind]} to ${row.recipient}`} />
                  </td>
                </tr>
              );
            })
          )}
        </tbody>
      </table>
    </section>
  );
}
