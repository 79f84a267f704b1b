import type { Context, Hono } from "hono";
import type { Core } from "../core";
import { Html, html } from "../html";
import { parseBody } from "../klarna-error";
import { orderView } from "../order-management/order-management";
import type { CheckoutOrderRecord } from "../records";
import { attemptView, jobView } from "../kernel/control-routes";
import { readJson } from "../routes/http";
import { checkoutView, findCheckout, purchase, type PurchaseOutcome } from "./checkout-orders";
import { shopperDetailsSchema } from "./checkout-schemas";

/** Test helpers for Kustom Checkout under /_sim/kustom (no auth), documented in simulator/README.md. */
export function kustomControlRoutes(app: Hono, core: Core): void {
  app.get("/_sim/kustom/orders", (c) =>
    c.json({ orders: core.klarna.listCheckoutOrders(100).map((record) => checkoutSummary(core, record)) }),
  );
  app.get("/_sim/kustom/orders/:id", (c) => c.json(checkoutDetail(core, findCheckout(core, c.req.param("id")))));
  app.post("/_sim/kustom/orders/:id/complete", async (c) => completeAsPersona(c, core));
  app.get("/_sim/kustom-demo/:id", (c) => {
    const record = findCheckout(core, c.req.param("id"));
    return c.html(demoPage(checkoutView(core, record).html_snippet ?? ""));
  });
}

/**
 * Completes a checkout as a sample customer without a browser, running the validation callback like Buy does.
 * 200 `{ result: "complete", order_id, confirmation_url }`; 400 `invalid`; 404 `unavailable`; otherwise 403 with
 * `denied`, `validation_redirect` (+ location), `validation_error` (+ error_type, error_text) or `validation_failed`.
 */
async function completeAsPersona(c: Context, core: Core) {
  const shopper = parseBody(shopperDetailsSchema, await readJson(c));
  const outcome = await purchase(core, c.req.param("id") ?? "", shopper);
  return c.json(outcome, statusOf(outcome));
}

function statusOf(outcome: PurchaseOutcome): 200 | 400 | 403 | 404 {
  switch (outcome.result) {
    case "complete":
      return 200;
    case "invalid":
      return 400;
    case "unavailable":
      return 404;
    default:
      return 403;
  }
}

function checkoutSummary(core: Core, record: CheckoutOrderRecord) {
  const order = core.klarna.getOrder(record.order_id);
  return {
    order_id: record.order_id,
    status: checkoutView(core, record, { snippet: false }).status,
    aborted: record.aborted_at !== null,
    purchase_country: record.data.purchase_country,
    purchase_currency: record.data.purchase_currency,
    order_amount: record.data.order_amount,
    merchant_reference1: record.data.merchant_reference1 ?? null,
    order_status: order ? orderView(order, core.clock.now()).status : null,
    acknowledged: order ? order.acknowledged_at !== null : false,
  };
}

/** GET /_sim/kustom/orders/{id}: the checkout order plus its Order Management state and every call to the merchant. */
function checkoutDetail(core: Core, record: CheckoutOrderRecord) {
  return {
    ...checkoutView(core, record, { snippet: false }),
    ...checkoutSummary(core, record),
    callbacks: core.repo.attemptsFor(record.order_id, record.order_id).map(attemptView),
    scheduled: core.repo.pendingJobsFor(record.order_id, record.order_id).map(jobView),
  };
}

// For tests only: a bare page that renders the order's html_snippet the way a merchant's checkout page does.
function demoPage(snippet: string): string {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Kustom Checkout demo</title>
<style>body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;background:#f6f6f6}main{max-width:720px;margin:0 auto;padding:16px}h1{font-size:20px}</style></head>
<body><main><h1>Checkout demo</h1>${new Html(snippet)}</main></body>
</html>`.text;
}
