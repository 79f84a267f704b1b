import type { Hono } from "hono";
import type { Core } from "../core";
import { basicAuth } from "../routes/http";
import { orderManagementRoutes } from "./order-management-routes";

/** Klarna's Order Management API v1 at the root of the Klarna base URL, with the Klarna API credentials. */
export function klarnaOrderManagementApi(app: Hono, core: Core): void {
  orderManagementRoutes(app, core, { api: "klarna", auth: basicAuth(core), basePath: "" });
}
