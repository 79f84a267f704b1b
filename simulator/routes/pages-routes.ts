import type { Hono } from "hono";
import type { Core } from "../core";
import { renderDashboard } from "../dashboard";

/** The simulator's own pages: the dashboard. */
export function pagesRoutes(app: Hono, core: Core): void {
  app.get("/", (c) => c.html(renderDashboard(core)));
}
