import { iso } from "../core";
import type { KnContext } from "./context";
import { escapeHtml as e, formatMoney } from "./html";
import { loadRequest } from "./payment-requests";
import { transactionView } from "./views";

const time = (ms: number) => iso(ms).replace("T", " ").slice(0, 19);
const short = (id: string) => `<code title="${e(id)}">${e(id.split(":").at(-1)?.slice(0, 8) ?? id)}</code>`;
const pill = (text: string, tone: "ok" | "bad" | "neutral") => `<span class="pill ${tone}">${e(text)}</span>`;
const toneOf = (state: string) =>
  /^(COMPLETED|CONFIRMED|AUTHORIZED|PENDING_CONFIRMATION|delivered)$/.test(state) ? "ok" : /^(EXPIRED|CANCELED|DECLINED|CLOSED|failed)$/.test(state) ? "bad" : "neutral";

/** Klarna Network's rows on the dashboard: payment requests, payment transactions and webhook deliveries. */
export function renderKnDashboard(ctx: KnContext): string {
  const requests = ctx.store.list("request", 30).map((request) => loadRequest(ctx, request.payment_request_id) ?? request);
  const transactions = ctx.store.list("transaction", 30).map((transaction) => transactionView(ctx, transaction));
  const deliveries = ctx.store.list("delivery", 30);
  const table = (head: string, rows: string[], empty: string) =>
    rows.length === 0 ? `<p class="empty">${empty}</p>` : `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
  return `<section class="card">
  <h2>Klarna Network payment requests <span class="count">${requests.length}</span></h2>
  ${table(
    "<th>Request</th><th>Created</th><th>Flow</th><th>State</th><th class=\"num\">Amount</th><th>Shopper</th><th>Journey</th>",
    requests.map(
      (request) => `<tr><td><a href="/_sim/klarna-network/requests/${encodeURIComponent(request.payment_request_id)}">${short(request.payment_request_id)}</a></td>
        <td>${time(request.created_at)}</td><td>${e(request.flow)}</td><td>${pill(request.state, toneOf(request.state))}</td>
        <td class="num">${e(formatMoney(request.amount, request.currency))}</td><td>${e(request.customer?.email ?? "—")}</td>
        <td><a href="/klarna-network/pay/${e(request.uuid)}">open</a></td></tr>`,
    ),
    "No payment requests yet.",
  )}
</section>
<section class="card">
  <h2>Klarna Network payment transactions <span class="count">${transactions.length}</span></h2>
  ${table(
    "<th>Transaction</th><th>Created</th><th>State</th><th class=\"num\">Amount</th><th class=\"num\">Captured</th><th class=\"num\">Refunded</th>",
    transactions.map(
      (view) => `<tr><td><a href="/_sim/klarna-network/transactions/${encodeURIComponent(view.payment_transaction_id)}">${short(view.payment_transaction_id)}</a></td>
        <td>${e(view.created_at.replace("T", " ").slice(0, 19))}</td><td>${pill(view.state, toneOf(view.state))}</td>
        <td class="num">${e(formatMoney(view.amount, view.currency))}</td><td class="num">${e(formatMoney(view.captured_amount, view.currency))}</td>
        <td class="num">${e(formatMoney(view.refunded_amount, view.currency))}</td></tr>`,
    ),
    "No payment transactions yet.",
  )}
</section>
<section class="card">
  <h2>Klarna Network webhooks <span class="count">${deliveries.length}</span></h2>
  ${table(
    "<th>Created</th><th>Event</th><th>Subject</th><th>Attempts</th><th>State</th><th>Last answer</th>",
    deliveries.map(
      (delivery) => `<tr><td>${time(delivery.created_at)}</td><td>${e(delivery.event_type)}</td><td>${short(delivery.subject)}</td>
        <td class="num">${delivery.attempts}</td><td>${pill(delivery.state, toneOf(delivery.state))}</td>
        <td>${e(delivery.last_error ?? (delivery.last_status === null ? "—" : String(delivery.last_status)))}</td></tr>`,
    ),
    "No webhooks sent yet.",
  )}
</section>`;
}
