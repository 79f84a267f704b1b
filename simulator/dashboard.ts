import { iso, type Core } from "./core";
import { providerDashboardSections } from "./kernel/providers";
import { Html, html, money } from "./html";
import { orderView } from "./order-management/order-management";
import type { CallbackAttempt } from "./records";

export const time = (ms: number) => iso(ms).replace("T", " ").slice(0, 19);

export const shortId = (id: string) => html`<code title="${id}">${id.slice(0, 8)}</code>`;

export function statusPill(status: string): Html {
  const tone = /^(CAPTURED|PART_CAPTURED|ACCEPTED|complete|checkout_complete|2\d\d)$/.test(status)
    ? "ok"
    : /^(CANCELLED|EXPIRED|REJECTED|expired|aborted|timeout|error|dropped|[45]\d\d)$/.test(status)
      ? "bad"
      : "neutral";
  return html`<span class="pill ${tone}">${status}</span>`;
}

function attemptStatus(attempt: CallbackAttempt): Html {
  if (attempt.error) return statusPill(attempt.error.startsWith("timeout") ? "timeout" : attempt.error.startsWith("dropped") ? "dropped" : "error");
  return statusPill(String(attempt.status));
}

/** GET /: sessions, orders and callback attempts, newest first, with the virtual clock and a way to advance it. */
export function renderDashboard(core: Core): string {
  const now = core.clock.now();
  const sessions = core.klarna.listSessions(50);
  const orders = core.klarna.listOrders(50);
  const checkouts = core.klarna.listCheckoutOrders(50);
  const attempts = core.repo.recentAttempts(100);
  const scheduled = core.repo.pendingJobs(20);
  const faults = core.faults.list();
  const quick = ["2m", "15m", "1h", "4h", "48h"];

  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${core.clock.mode === "realtime" ? html`<meta http-equiv="refresh" content="10">` : ""}
<title>Klarna simulator</title>
<style>${new Html(STYLES)}</style>
</head>
<body>
<header>
  <div class="brand"><span class="badge">Klarna.</span><div><h1>Klarna simulator</h1>
  <p>Playground stand-in · ${core.clock.mode} clock${core.clock.mode === "realtime" ? ` × ${core.clock.speed}` : ""} · merchant “${core.config.merchantName}”</p></div></div>
</header>
<main>
<section class="card clock" aria-labelledby="clock-title">
  <div>
    <h2 id="clock-title">Virtual time</h2>
    <p class="now">${time(now)} <small>UTC</small></p>
    <p class="muted">${scheduled.length === 0 ? "No callbacks scheduled" : html`Next callback due ${time(scheduled[0]?.due_at ?? now)}`}</p>
  </div>
  <div class="advance">
    <form method="post" action="/_sim/clock" class="inline">
      <label for="advance">Advance by</label>
      <input id="advance" name="advance" placeholder="15m" required pattern="(\\d+(\\.\\d+)?(ms|s|m|h|d))+">
      <button type="submit">Advance</button>
    </form>
    <div class="quick">${quick.map(
      (step) => html`<form method="post" action="/_sim/clock"><input type="hidden" name="advance" value="${step}"><button class="ghost" type="submit">+${step}</button></form>`,
    )}</div>
  </div>
</section>

${faults.length > 0 ? html`<section class="card warn"><h2>Active faults</h2><ul>${faults.map(
  (entry) => html`<li><code>${JSON.stringify(entry.fault)}</code> ${entry.remaining === null ? "until cleared" : `${entry.remaining} left`}</li>`,
)}</ul></section>` : ""}

<section class="card">
  <h2>Orders <span class="count">${orders.length}</span></h2>
  ${orders.length === 0 ? html`<p class="empty">No orders yet.</p>` : html`<div class="scroll"><table>
    <thead><tr><th>Order</th><th>API</th><th>Created</th><th>Status</th><th>Fraud</th><th class="num">Amount</th><th class="num">Captured</th><th class="num">Refunded</th><th>Acknowledged</th></tr></thead>
    <tbody>${orders.map((order) => {
      const view = orderView(order, now);
      return html`<tr><td><a href="/_sim/orders/${order.order_id}">${shortId(order.order_id)}</a></td><td>${order.api === "kustom" ? "Kustom" : "Klarna"}</td><td>${time(order.created_at)}</td>
        <td>${statusPill(view.status)}</td><td>${statusPill(view.fraud_status)}</td>
        <td class="num">${money(view.order_amount, view.purchase_currency)}</td><td class="num">${money(view.captured_amount, view.purchase_currency)}</td>
        <td class="num">${money(view.refunded_amount, view.purchase_currency)}</td>
        <td>${order.acknowledged_at === null ? html`<span class="pill neutral">not yet</span>` : html`<span class="pill ok">${time(order.acknowledged_at)}</span>`}</td></tr>`;
    })}</tbody></table></div>`}
</section>

<section class="card">
  <h2>Kustom checkout orders <span class="count">${checkouts.length}</span></h2>
  ${checkouts.length === 0 ? html`<p class="empty">No Kustom checkout orders yet.</p>` : html`<div class="scroll"><table>
    <thead><tr><th>Checkout order</th><th>Created</th><th>Status</th><th>Country</th><th class="num">Amount</th><th>Reference</th><th>Page</th></tr></thead>
    <tbody>${checkouts.map((checkout) => {
      const status = checkout.aborted_at !== null ? "aborted" : checkout.completed_at === null ? "checkout_incomplete" : "checkout_complete";
      return html`<tr><td><a href="/_sim/kustom/orders/${checkout.order_id}">${shortId(checkout.order_id)}</a></td><td>${time(checkout.created_at)}</td>
        <td>${statusPill(status)}</td><td>${checkout.data.purchase_country}</td>
        <td class="num">${money(checkout.data.order_amount, checkout.data.purchase_currency)}</td>
        <td>${checkout.data.merchant_reference1 ?? "—"}</td>
        <td><a href="/_sim/kustom-demo/${checkout.order_id}">open</a></td></tr>`;
    })}</tbody></table></div>`}
</section>

<section class="card">
  <h2>Sessions <span class="count">${sessions.length}</span></h2>
  ${sessions.length === 0 ? html`<p class="empty">No sessions yet.</p>` : html`<div class="scroll"><table>
    <thead><tr><th>Session</th><th>Created</th><th>Country</th><th class="num">Amount</th><th>Status</th><th>Expires</th><th>Order</th></tr></thead>
    <tbody>${sessions.map(
      (session) => html`<tr><td><a href="/_sim/sessions/${session.session_id}">${shortId(session.session_id)}</a></td><td>${time(session.created_at)}</td>
        <td>${session.data.purchase_country}</td><td class="num">${money(session.data.order_amount, session.data.purchase_currency)}</td>
        <td>${statusPill(now >= session.expires_at ? "expired" : session.status)}</td><td>${time(session.expires_at)}</td>
        <td>${session.order_id ? html`<a href="/_sim/orders/${session.order_id}">${shortId(session.order_id)}</a>` : "—"}</td></tr>`,
    )}</tbody></table></div>`}
</section>

<section class="card">
  <h2>Scheduled callbacks <span class="count">${core.repo.countPendingJobs()}</span></h2>
  ${scheduled.length === 0 ? html`<p class="empty">Nothing scheduled.</p>` : html`<div class="scroll"><table>
    <thead><tr><th>Due</th><th>Kind</th><th>Attempt</th><th>Order</th><th>Session</th></tr></thead>
    <tbody>${scheduled.map(
      (job) => html`<tr><td>${time(job.due_at)}</td><td>${job.kind}</td><td>${job.attempt}</td>
        <td>${job.order_id ? shortId(job.order_id) : "—"}</td><td>${job.session_id ? shortId(job.session_id) : "—"}</td></tr>`,
    )}</tbody></table></div>`}
</section>

${providerDashboardSections(core, false).map((section) => new Html(section))}

<section class="card">
  <h2>Callback attempts <span class="count">${attempts.length}</span></h2>
  ${attempts.length === 0 ? html`<p class="empty">No calls to the merchant yet.</p>` : html`<div class="scroll"><table>
    <thead><tr><th>Virtual time</th><th>Kind</th><th>#</th><th>URL</th><th>Result</th><th class="num">Latency</th></tr></thead>
    <tbody>${attempts.map(
      (attempt) => html`<tr><td>${time(attempt.at)}</td><td>${attempt.kind}</td><td>${attempt.attempt}</td>
        <td class="url" title="${attempt.url}">${attempt.url}</td><td>${attemptStatus(attempt)}${attempt.error ? html` <span class="muted">${attempt.error}</span>` : ""}</td>
        <td class="num">${attempt.latency_ms} ms</td></tr>`,
    )}</tbody></table></div>`}
</section>
${providerDashboardSections(core, true).map((section) => new Html(section))}
</main>
<footer>JSON: <a href="/_sim/clock">/_sim/clock</a> · <a href="/_sim/orders">/_sim/orders</a> · <a href="/_sim/sessions">/_sim/sessions</a> · <a href="/_sim/kustom/orders">/_sim/kustom/orders</a> · <a href="/_sim/callbacks">/_sim/callbacks</a> · <a href="/_sim/faults">/_sim/faults</a></footer>
</body>
</html>`;
  return page.text;
}

const STYLES = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;color:#17120f;background:#f7f5f3}
header{background:#fff;border-bottom:1px solid #ece8e4;padding:18px 0}
.brand{display:flex;gap:14px;align-items:center;max-width:1200px;margin:0 auto;padding:0 24px}
.badge{background:#ffb3c7;color:#0b051d;font-weight:800;border-radius:8px;padding:6px 10px;letter-spacing:-.3px}
h1{font-size:20px;margin:0}
header p{margin:0;color:#6b625c}
main{max-width:1200px;margin:24px auto;padding:0 24px;display:grid;gap:18px}
.card{background:#fff;border:1px solid #ece8e4;border-radius:14px;padding:18px 20px;min-width:0}
.card.warn{border-color:#f5c26b;background:#fffaf0}
h2{font-size:15px;margin:0 0 12px;display:flex;align-items:center;gap:8px}
.count{background:#f1eeeb;border-radius:999px;padding:0 8px;font-size:12px;color:#6b625c}
.clock{display:flex;flex-wrap:wrap;justify-content:space-between;gap:18px;align-items:center}
.now{font-size:26px;font-weight:700;margin:0;font-variant-numeric:tabular-nums}
.now small{font-size:13px;color:#6b625c;font-weight:500}
.muted{color:#6b625c;margin:0}
.advance{display:grid;gap:10px}
.inline{display:flex;gap:8px;align-items:center}
label{font-weight:600}
input{font:inherit;border:1px solid #d6d0ca;border-radius:10px;padding:8px 12px;width:110px}
input:focus{outline:2px solid #ffb3c7;outline-offset:1px}
button{font:inherit;font-weight:600;border:0;border-radius:999px;background:#17120f;color:#fff;padding:8px 16px;cursor:pointer}
button:hover{background:#3a322d}
button.ghost{background:#fff;color:#17120f;border:1px solid #d6d0ca;padding:5px 12px}
button.ghost:hover{background:#ffe3eb;border-color:#ffb3c7}
.quick{display:flex;gap:6px;flex-wrap:wrap}
.quick form{margin:0}
.scroll{overflow-x:auto}
table{width:100%;border-collapse:collapse;font-size:13px}
th{text-align:left;font-weight:600;color:#6b625c;border-bottom:1px solid #ece8e4;padding:6px 10px;white-space:nowrap}
td{border-bottom:1px solid #f3f0ed;padding:7px 10px;white-space:nowrap;vertical-align:middle}
tr:last-child td{border-bottom:0}
.num{text-align:right;font-variant-numeric:tabular-nums}
td.url{max-width:360px;overflow:hidden;text-overflow:ellipsis}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f5f2ef;border-radius:6px;padding:1px 6px}
a{color:#17120f}
.pill{display:inline-block;border-radius:999px;padding:1px 9px;font-size:12px;font-weight:600}
.pill.ok{background:#e3f5e9;color:#17663a}
.pill.bad{background:#fde6e6;color:#a12a2a}
.pill.neutral{background:#f1eeeb;color:#4f4742}
.empty{color:#6b625c;margin:0}
footer{max-width:1200px;margin:0 auto 32px;padding:0 24px;color:#6b625c;font-size:13px}
`;
