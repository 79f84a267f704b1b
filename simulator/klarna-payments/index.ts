import type { Hono } from "hono";
import type { Core } from "../core";
import type { ProviderHooks, SimulatorProvider } from "../kernel/providers";
import { klarnaOrderManagementApi } from "../order-management";
import { webSdkRoutes } from "../web-sdk/web-sdk-routes";
import { expressRoutes } from "./express";
import { CALLBACK_JOB_KINDS, runCallbackJob } from "./callbacks";
import { klarnaControlRoutes } from "./control-routes";
import { paymentsRoutes } from "./payments-routes";
import { sdkPagesRoutes } from "./sdk-pages";
import { sdkRoutes } from "./sdk-routes";

/**
 * Klarna Payments API v1 at the root of the Klarna base URL (KLARNA_API_URL), with the Klarna.Payments SDK
 * stand-in (/kp/lib/v1/api.js) and the endpoints it calls, Klarna's Order Management and web SDK on the same base
 * URL, and its /_sim helpers (sessions, orders, faults). Its calls to the merchant (authorization callback, push,
 * notification) run as the kernel's jobs.
 */
export const klarnaPayments: SimulatorProvider = { name: "klarna-payments", mount: klarnaPaymentsApi };

export function klarnaPaymentsApi(app: Hono, core: Core): ProviderHooks {
  paymentsRoutes(app, core);
  sdkRoutes(app, core);
  expressRoutes(app, core);
  sdkPagesRoutes(app);
  klarnaOrderManagementApi(app, core);
  webSdkRoutes(app);
  klarnaControlRoutes(app, core);
  return {
    jobKinds: CALLBACK_JOB_KINDS,
    runJob: (job) => runCallbackJob(core, job),
    reset: () => {
      core.faults.clear();
      core.klarna.reset();
    },
  };
}
