import type { Hono } from "hono";
import type { Core } from "../core";
import { paymentsRoutes } from "./payments-routes";
import { sdkPagesRoutes } from "./sdk-pages";
import { sdkRoutes } from "./sdk-routes";

/**
 * Klarna Payments API v1 at the root of the Klarna base URL (KLARNA_API_URL), with the Klarna.Payments SDK
 * stand-in (/kp/lib/v1/api.js) and the endpoints it calls.
 */
export function klarnaPaymentsApi(app: Hono, core: Core): void {
  paymentsRoutes(app, core);
  sdkRoutes(app, core);
  sdkPagesRoutes(app);
}
