import { Hono } from "hono";
import { z } from "zod";
import { faultRoutes } from "../kernel/control-routes";
import type { KnContext } from "./context";
import { KnError, knErrorResponse, knNotFound, parseKnBody, readKnJson } from "./errors";
import { knFaultSchema } from "./faults";
import { journeyStep, loadRequest } from "./payment-requests";
import type { DeliveryRecord } from "./records";
import { requestView, transactionView } from "./views";

const completeSchema = z.object({
  email: z.string(),
  code: z.string().regex(/^\d{6}$/).default("123456"),
});

/**
 * Test helpers under /_sim/klarna-network (no auth): go through a journey as a persona without a browser, read
 * requests and transactions with their webhook deliveries, inject faults, reset.
 */
export function knControlRoutes(ctx: KnContext): Hono {
  const control = new Hono();
  control.onError((error, c) => {
    if (error instanceof KnError) return knErrorResponse(c, error);
    return knErrorResponse(c, new KnError(500, "TECHNICAL_ERROR", "INTERNAL_ERROR", error.message));
  });

  control.get("/requests", (c) => c.json({ payment_requests: ctx.store.list("request", 100).map((r) => requestView(ctx, r)) }));
  control.get("/requests/:id", (c) => {
    const request = loadRequest(ctx, c.req.param("id"));
    if (!request) throw knNotFound("The payment request");
    return c.json({ ...requestView(ctx, request), flow: request.flow, deliveries: deliveriesFor(ctx, request.payment_request_id) });
  });
  // Runs the hosted journey's steps as the persona of `email`, as a shopper pressing the buttons would.
  control.post("/requests/:id/complete", async (c) => {
    const body = parseKnBody(completeSchema, await readKnJson(c));
    let request = loadRequest(ctx, c.req.param("id"));
    if (!request) throw knNotFound("The payment request");
    const steps: Record<string, string>[] = [
      { step: "email", email: body.email },
      { step: "code", code: body.code },
      { step: "verify", birth: "1970-01-01" },
    ];
    for (const form of steps) {
      const result = journeyStep(ctx, request, form);
      if (result.error) throw new KnError(400, "INPUT_ERROR", "VALIDATION_ERROR", result.error);
      request = result.request;
    }
    await ctx.core.scheduler.idle();
    return c.json(requestView(ctx, request));
  });

  control.get("/transactions", (c) => c.json({ payment_transactions: ctx.store.list("transaction", 100).map((t) => transactionView(ctx, t)) }));
  control.get("/transactions/:id", (c) => {
    const transaction = ctx.store.get("transaction", c.req.param("id"));
    if (!transaction) throw knNotFound("The payment transaction");
    return c.json({ ...transactionView(ctx, transaction), deliveries: deliveriesFor(ctx, transaction.payment_transaction_id) });
  });
  control.get("/deliveries", (c) => c.json({ deliveries: ctx.store.list("delivery", 200).map(deliveryView) }));

  faultRoutes(control, "/faults", ctx.faults, async (c) => parseKnBody(knFaultSchema, await readKnJson(c)));
  control.post("/reset", (c) => {
    ctx.store.reset();
    ctx.faults.clear();
    return c.body(null, 204);
  });
  return control;
}

function deliveriesFor(ctx: KnContext, subject: string) {
  return ctx.store
    .list("delivery", 1000)
    .filter((delivery) => delivery.subject === subject)
    .reverse()
    .map(deliveryView);
}

function deliveryView(delivery: DeliveryRecord) {
  const { body, ...rest } = delivery;
  return { ...rest, created_at: new Date(delivery.created_at).toISOString(), event: JSON.parse(body) as unknown };
}
