import { formatLogTime } from "@/lib/admin/format";
import { withoutKeyTag } from "@/lib/admin/event-detail";

const SOURCES: Record<string, string> = {
  confirmation: "Confirmation page",
  push: "Klarna push",
  authorization: "Authorization callback",
  validation: "Validation callback",
  place_order: "Checkout",
  notification: "Klarna notification",
  reconcile: "Reconcile",
  admin: "Back office",
};

const ACTIONS: Record<string, string> = {
  finalize: "Record order",
  acknowledge: "Acknowledge",
  cancel: "Cancel",
  capture: "Capture",
  refund: "Refund",
  release: "Release authorization",
  extend: "Extend authorization",
  shipping_info: "Add tracking",
  validate: "Validate",
};

const BAD = new Set(["failed", "refused", "rejected", "error"]);
const GOOD = new Set(["ok", "acknowledged", "created", "cancelled", "approved", "repeat"]);

function tone(outcome: string): string {
  // The validation callback records a refusal as "denied: <reason>".
  if (BAD.has(outcome) || outcome.startsWith("denied")) return " event-outcome--bad";
  return GOOD.has(outcome) ? " event-outcome--good" : "";
}

export interface LoggedEvent {
  id: number;
  source: string;
  action: string;
  outcome: string;
  detail: string | null;
  latencyMs: number;
  createdAt: string;
}

/** The order's event log, newest first: every callback, acknowledgement and back-office change, with its outcome. */
export function EventLog({ events }: { events: LoggedEvent[] }) {
  return (
    <table className="admin-table stacked-table">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Source</th>
          <th scope="col">Action</th>
          <th scope="col">Outcome</th>
          <th scope="col">Detail</th>
          <th scope="col" className="num">
            Took
          </th>
        </tr>
      </thead>
      <tbody>
        {events.length === 0 ? (
          <tr>
            <td colSpan={6} className="admin-table__empty">
              Nothing logged yet.
            </td>
          </tr>
        ) : (
          events.map((event) => (
            <tr key={event.id}>
              <td className="stacked-table__title event-time">
                <time dateTime={event.createdAt}>{formatLogTime(event.createdAt)}</time>
              </td>
              <td data-label="Source">{SOURCES[event.source] ?? event.source}</td>
              <td data-label="Action">{ACTIONS[event.action] ?? event.action}</td>
              <td data-label="Outcome" className="stacked-table__aside">
                <span className={`event-outcome${tone(event.outcome)}`}>{event.outcome}</span>
              </td>
              <td data-label="Detail" className="stacked-table__wide">
                <span className="event-detail">{withoutKeyTag(event.detail) ?? "—"}</span>
              </td>
              <td data-label="Took" className="num">
                {event.latencyMs} ms
              </td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
