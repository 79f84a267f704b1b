import type { Core } from "../core";
import { shortId, statusPill, time } from "../dashboard";
import { html, money } from "../html";
import type { CheckoutComRepository } from "./repository";
import type { CheckoutComService } from "./service";
import type { WebhookSender } from "./webhooks";

/** The dashboard's Checkout.com card: contexts, payments with their actions, and where webhooks go. */
export function renderCheckoutComSection(
  core: Core,
  repo: CheckoutComRepository,
  service: CheckoutComService,
  webhooks: WebhookSender,
): string {
  const now = core.clock.now();
  const contexts = repo.recentContexts(20);
  const payments = repo.recentPayments(20);
  const workflows = webhooks.workflows();
  return html`<section class="card" aria-labelledby="cko-title">
  <h2 id="cko-title">Checkout.com <span class="count">${payments.length} payments</span></h2>
  <p class="muted">Webhooks: ${workflows.length === 0 ? "no workflow registered (POST /checkout-com/workflows)" : workflows.map(
    (workflow) => html`<code>${workflow.id}</code> → ${workflow.actions.map((action) => action.url).join(", ")} `,
  )}</p>
  ${contexts.length === 0 ? html`<p class="empty">No payment contexts yet.</p>` : html`<div class="scroll"><table>
    <thead><tr><th>Context</th><th>Created</th><th>Country</th><th class="num">Amount</th><th>Status</th><th>Payment</th></tr></thead>
    <tbody>${contexts.map((context) => {
      const expired = now - context.created_at >= 48 * 3_600_000;
      return html`<tr><td><a href="/_sim/checkout-com/contexts/${context.id}">${shortId(context.id)}</a></td><td>${time(context.created_at)}</td>
        <td>${context.request.source.account_holder?.billing_address?.country ?? "—"}</td>
        <td class="num">${money(context.request.amount, context.request.currency)}</td>
        <td>${statusPill(expired ? "expired" : context.approved_at === null ? "Created" : "Approved")}</td>
        <td>${context.payment_id ? html`<a href="/_sim/checkout-com/payments/${context.payment_id}">${shortId(context.payment_id)}</a>` : "—"}</td></tr>`;
    })}</tbody></table></div>`}
  ${payments.length === 0 ? "" : html`<div class="scroll"><table>
    <thead><tr><th>Payment</th><th>Created</th><th>Status</th><th>Type</th><th class="num">Amount</th><th class="num">Captured</th><th class="num">Refunded</th><th>Actions (newest first)</th></tr></thead>
    <tbody>${payments.map((payment) => {
      const balances = service.balances(payment);
      const actions = service.actions(payment.id);
      return html`<tr><td><a href="/_sim/checkout-com/payments/${payment.id}">${shortId(payment.id)}</a></td><td>${time(payment.created_at)}</td>
        <td>${statusPill(service.statusOf(payment))}</td><td>${payment.payment_type}</td>
        <td class="num">${money(payment.amount, payment.currency)}</td><td class="num">${money(balances.total_captured, payment.currency)}</td>
        <td class="num">${money(balances.total_refunded, payment.currency)}</td>
        <td>${actions.map((action) => html`${action.type} ${money(action.amount, payment.currency)} ${statusPill(action.approved === undefined ? "pending" : action.approved ? "ok" : "declined")} `)}</td></tr>`;
    })}</tbody></table></div>`}
</section>`.text;
}
