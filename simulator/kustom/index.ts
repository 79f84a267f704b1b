import { Hono } from "hono";
import type { Core } from "../core";
import { orderManagementRoutes } from "../order-management/order-management-routes";
import { KUSTOM_BASE_PATH } from "./checkout-orders";
import { checkoutRoutes, hostedCheckoutRoutes } from "./checkout-routes";
import { kustomAuth } from "./kustom-auth";
import { kustomControlRoutes } from "./kustom-control-routes";

/**
 * Kustom under its own base URL (KUSTOM_API_URL = <simulator>/kustom): Checkout v3, the hosted checkout it embeds,
 * and Kustom's Order Management (the same API as Klarna's, for Kustom's orders only, with Kustom's API key).
 * Its /_sim helpers sit with the other control routes at the root.
 */
export function kustomApi(app: Hono, core: Core): void {
  const kustom = new Hono();
  const auth = kustomAuth(core);
  kustom.use("/checkout/v3/*", auth);
  checkoutRoutes(kustom, core);
  hostedCheckoutRoutes(kustom, core);
  orderManagementRoutes(kustom, core, { api: "kustom", auth, basePath: KUSTOM_BASE_PATH });
  app.route(KUSTOM_BASE_PATH, kustom);
  kustomControlRoutes(app, core);
}
