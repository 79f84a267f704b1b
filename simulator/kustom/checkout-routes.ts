import type { Hono } from "hono";
import type { Core } from "../core";
import { parseBody } from "../klarna-error";
import { methodNotAllowed, readJson } from "../routes/http";
import {
  KUSTOM_BASE_PATH,
  abortCheckout,
  checkoutExpired,
  checkoutView,
  createCheckout,
  findCheckout,
  purchase,
  updateCheckout,
} from "./checkout-orders";
import { shopperDetailsSchema } from "./checkout-schemas";
import { renderHostedCheckout } from "./hosted-checkout";
import { IFRAME_PATH } from "./html-snippet";

const ORDERS = "/checkout/v3/orders";

/** Kustom Checkout API v3 (reference/kustom/checkout-v3.openapi.yaml), on an app mounted at /kustom. */
export function checkoutRoutes(app: Hono, core: Core): void {
  app.post(ORDERS, async (c) => {
    const record = createCheckout(core, await readJson(c));
    // "The location of the newly created checkout order can be found in the location header" (createOrderMerchant).
    c.header("Location", `${core.config.publicUrl}${KUSTOM_BASE_PATH}${ORDERS}/${record.order_id}`);
    return c.json(checkoutView(core, record), 201);
  });
  app.get(`${ORDERS}/:id`, (c) => c.json(checkoutView(core, findCheckout(core, c.req.param("id")))));
  app.post(`${ORDERS}/:id`, async (c) => {
    const body = await readJson(c);
    return c.json(checkoutView(core, updateCheckout(core, c.req.param("id"), body)));
  });
  app.post(`${ORDERS}/:id/abort`, (c) => c.json(checkoutView(core, abortCheckout(core, c.req.param("id")))));

  app.all(ORDERS, methodNotAllowed(["POST"]));
  app.all(`${ORDERS}/:id`, methodNotAllowed(["GET", "POST"]));
  app.all(`${ORDERS}/:id/abort`, methodNotAllowed(["POST"]));
}

/**
 * The hosted checkout inside the snippet's iframe and the endpoint its Buy button posts to. Like the SDK endpoints of
 * Klarna Payments these are the simulator's own design; the shopper's browser calls them, so they take no API key.
 */
export function hostedCheckoutRoutes(app: Hono, core: Core): void {
  const prefix = IFRAME_PATH.slice(KUSTOM_BASE_PATH.length);
  app.get(`${prefix}/:id`, (c) => {
    const record = core.klarna.getCheckoutOrder(c.req.param("id"));
    const open = record !== undefined && record.aborted_at === null && !checkoutExpired(core, record);
    return c.html(renderHostedCheckout(core, record, open), record ? 200 : 404, { "Cache-Control": "no-store" });
  });
  app.post(`${prefix}/:id/purchase`, async (c) => {
    const shopper = parseBody(shopperDetailsSchema, await readJson(c));
    return c.json(await purchase(core, c.req.param("id"), shopper));
  });
}
