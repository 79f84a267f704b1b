import type { Context, Hono } from "hono";
import { z } from "zod";
import { iso, type Core } from "../core";
import { renderDashboard } from "../dashboard";
import { badValue, parseBody } from "../klarna-error";
import type { CallbackAttempt, JobRecord } from "../records";
import { readJson } from "../routes/http";
import { parseDuration } from "./clock";
import type { FaultRegistry } from "./faults";
import { resetProviders } from "./providers";

const clockRequest = z.union([
  z.object({ advance: z.string() }),
  z.object({ advance_seconds: z.number().positive() }),
]);

/**
 * The kernel's own helpers under /_sim (no auth), documented in simulator/README.md: health, the virtual clock, every
 * call to the merchant, reset; and the dashboard at /.
 */
export function kernelRoutes(app: Hono, core: Core): void {
  app.get("/", (c) => c.html(renderDashboard(core)));
  app.get("/_sim/health", (c) => c.json({ ok: true }));

  app.get("/_sim/clock", (c) => c.json(clockState(core)));
  app.post("/_sim/clock", async (c) => {
    const isForm = (c.req.header("content-type") ?? "").startsWith("application/x-www-form-urlencoded");
    const body: unknown = isForm ? await c.req.parseBody() : await readJson(c);
    const request = parseBody(clockRequest, body);
    const ms = "advance" in request ? parseDuration(request.advance) : Math.round(request.advance_seconds * 1000);
    if (ms === undefined || ms <= 0) throw badValue(['Bad value: advance (use a duration such as "90s", "15m", "48h")']);
    const fired = await core.scheduler.advance(ms);
    // The dashboard's form posts here; send the browser back to the page it came from.
    if (isForm) return c.redirect("/", 303);
    return c.json({ ...clockState(core), advanced_ms: ms, fired });
  });

  app.get("/_sim/callbacks", (c) => c.json({ callbacks: core.repo.recentAttempts(200).map(attemptView) }));

  app.post("/_sim/reset", async (c) => {
    resetProviders(core);
    core.repo.reset();
    return c.json({ ok: true, now: iso(core.clock.now()) });
  });
}

/**
 * A provider's fault helpers on the kernel's registry: GET lists, POST adds (201 with the active fault), DELETE
 * clears, and with `notFound`, DELETE …/{id} removes one. `parse` reads and checks the body in the API's own words.
 */
export function faultRoutes<F extends { count?: number }>(
  app: Hono,
  path: string,
  faults: FaultRegistry<F>,
  parse: (c: Context) => Promise<F | Response>,
  notFound?: () => Error,
): void {
  app.get(path, (c) => c.json({ faults: faults.list() }));
  app.post(path, async (c) => {
    const fault = await parse(c);
    return fault instanceof Response ? fault : c.json(faults.add(fault), 201);
  });
  app.delete(path, (c) => {
    faults.clear();
    return c.body(null, 204);
  });
  if (notFound) {
    app.delete(`${path}/:id`, (c) => {
      if (!faults.remove(Number(c.req.param("id")))) throw notFound();
      return c.body(null, 204);
    });
  }
}

function clockState(core: Core) {
  const next = core.repo.pendingJobs(1)[0];
  return {
    mode: core.clock.mode,
    speed: core.clock.speed,
    now: iso(core.clock.now()),
    now_ms: core.clock.now(),
    pending_callbacks: core.repo.countPendingJobs(),
    next_due: next ? iso(next.due_at) : null,
  };
}

export function attemptView(attempt: CallbackAttempt) {
  return {
    id: attempt.id,
    kind: attempt.kind,
    url: attempt.url,
    attempt: attempt.attempt,
    at: iso(attempt.at),
    wall_at: iso(attempt.wall_at),
    status: attempt.status,
    latency_ms: attempt.latency_ms,
    error: attempt.error,
    order_id: attempt.order_id,
    session_id: attempt.session_id,
  };
}

export function jobView(job: JobRecord) {
  return { kind: job.kind, due_at: iso(job.due_at), attempt: job.attempt };
}
