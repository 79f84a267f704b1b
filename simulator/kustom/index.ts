import { Hono } from "hono";
import type { Core } from "../core";
import type { ProviderHooks, SimulatorProvider } from "../kernel/providers";
import { orderManagementRoutes } from "../order-management/order-management-routes";
import { KUSTOM_BASE_PATH } from "./checkout-orders";
import { checkoutRoutes, hostedCheckoutRoutes } from "./checkout-routes";
import { kustomAuth } from "./kustom-auth";
import { kustomControlRoutes } from "./kustom-control-routes";

/**
 * Kustom under its own base URL (KUSTOM_API_URL = <simulator>/kustom): Checkout v3, the hosted checkout it embeds,
 * and Kustom's Order Management (the same API as Klarna's, for Kustom's orders only, with Kustom's API key).
 * Its /_sim helpers sit with the other control routes at the root. Its orders' push runs with Klarna's (the shared
 * Order Management schedules it); its validation call is made while the shopper waits (checkout-orders.ts).
 */
export const kustom: SimulatorProvider = { name: "kustom", mount: kustomApi };

export function kustomApi(app: Hono, core: Core): ProviderHooks {
  const kustomApp = new Hono();
  const auth = kustomAuth(core);
  kustomApp.use("/checkout/v3/*", auth);
  checkoutRoutes(kustomApp, core);
  hostedCheckoutRoutes(kustomApp, core);
  orderManagementRoutes(kustomApp, core, { api: "kustom", auth, basePath: KUSTOM_BASE_PATH });
  app.route(KUSTOM_BASE_PATH, kustomApp);
  kustomControlRoutes(app, core);
  return {};
}
