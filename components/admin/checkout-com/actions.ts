"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { keyTag } from "@/lib/admin/event-detail";
import { moneyFormatter } from "@/lib/admin/format";
import { currentMerchant } from "@/lib/admin/session";
import type { OrderLineRead, ShippingInfo } from "@/lib/klarna";
import { appendOrderEvent } from "@/lib/orders/order-store";
import { checkoutCom } from "@/lib/payments/checkout-com";
import { findCheckoutComOrder, itemsOf, syncOrderRow } from "@/lib/payments/checkout-com/admin";
import { capturePayment, KLARNA_SHIPPING_METHODS, refundPayment, voidPayment, type BackOfficeResult } from "@/lib/payments/checkout-com/back-office";
import type { AdminFormState } from "../form-state";

/*
 * The back office's actions on a Checkout.com payment. Each is a public endpoint, so each checks the session,
 * parses its form with zod and leaves the rules to lib/payments/checkout-com/back-office, which reads the payment
 * live before sending anything. The idempotency key was made when the page rendered: a double click acts once.
 */

const amount = z
  .string()
  .trim()
  .regex(/^\d+(\.\d{1,2})?$/, "Enter an amount such as 120.00.")
  .transform((value) => Math.round(Number(value) * 100));
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters.`)
    .optional()
    .transform((value) => (value ? value : undefined));

const base = z.object({
  orderNumber: z.string().trim().min(1).max(64),
  idempotencyKey: z.uuid({ error: "The form is missing its request key. Reload the page and try again." }),
});

const captureForm = base.extend({
  amount,
  final: z.enum(["final", "nonfinal"]),
  shipping_company: optionalText(100),
  shipping_method: z.enum(KLARNA_SHIPPING_METHODS).optional().or(z.literal("").transform(() => undefined)),
  tracking_number: optionalText(100),
  tracking_uri: optionalText(1024),
  return_shipping_company: optionalText(100),
  return_tracking_number: optionalText(100),
  return_tracking_uri: optionalText(1024),
});

const refundForm = base.extend({ amount: z.string().trim().optional(), lines: z.array(z.string()).default([]) });

function fields(form: FormData): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, value] of form.entries()) if (typeof value === "string" && name !== "lines") values[name] = value;
  values.lines = form.getAll("lines").filter((value): value is string => typeof value === "string");
  return values;
}

/** What a change Checkout.com accepted is logged as, for the order's log and the shopper's email (lib/email). */
interface Change {
  action: "capture" | "refund" | "release";
  idempotencyKey: string;
  shippingInfo?: ShippingInfo | null;
  amount?: number;
}

async function run(
  form: FormData,
  act: (context: { paymentId: string; format: (amount: number) => string; lines: OrderLineRead[] }) => Promise<BackOfficeResult | AdminFormState>,
  /** The change, once `act` has sent it; logged only when Checkout.com accepted it. */
  change?: () => Change | null,
): Promise<AdminFormState> {
  if (!(await currentMerchant())) return { ok: false, status: 401, message: "Your session has ended. Sign in again." };
  const parsed = base.safeParse(fields(form));
  if (!parsed.success) return { ok: false, status: 400, message: parsed.error.issues[0]?.message ?? "The form could not be read." };
  const order = await findCheckoutComOrder(parsed.data.orderNumber);
  if (!order) return { ok: false, status: 404, message: "There is no Checkout.com order with this number." };
  const started = performance.now();
  const result = await act({ paymentId: order.providerReference, format: moneyFormatter(order), lines: order.lines as OrderLineRead[] });
  // The orders list reads the row: it learns what Checkout.com already applied now, the rest from the webhook.
  if (result.ok) await syncOrderRow(order.providerReference).catch(() => undefined);
  const logged = result.ok ? change?.() : null;
  if (logged) {
    await appendOrderEvent({
      providerReference: order.providerReference,
      provider: "checkout-com",
      source: "admin",
      action: logged.action,
      outcome: "ok",
      detail: `${result.message} ${keyTag(logged.idempotencyKey)}`,
      latencyMs: performance.now() - started,
      shippingInfo: logged.shippingInfo,
      amount: logged.amount,
    });
  }
  revalidatePath("/admin", "layout");
  return result.ok ? { ok: true, message: result.message } : { ok: false, status: "status" in result ? result.status : 409, message: result.message };
}

export async function captureCheckoutComAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  let change: Change | null = null;
  return run(form, async ({ paymentId, format }) => {
    const parsed = captureForm.safeParse(fields(form));
    if (!parsed.success) return { ok: false, status: 400, message: parsed.error.issues[0]?.message ?? "Check the capture form." };
    const { shipping_company, shipping_method, tracking_number, tracking_uri, return_shipping_company, return_tracking_number, return_tracking_uri } = parsed.data;
    const tracking = { shipping_company, shipping_method, tracking_number, tracking_uri, return_shipping_company, return_tracking_number, return_tracking_uri };
    const hasTracking = Object.values(tracking).some((value) => value !== undefined);
    change = { action: "capture", idempotencyKey: parsed.data.idempotencyKey, shippingInfo: hasTracking ? tracking : null };
    return capturePayment(deps(format), paymentId, {
      amount: parsed.data.amount,
      final: parsed.data.final === "final",
      shippingInfo: hasTracking ? [tracking] : [],
      idempotencyKey: parsed.data.idempotencyKey,
    });
  }, () => change);
}

export async function refundCheckoutComAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  let change: Change | null = null;
  return run(form, async ({ paymentId, format, lines }) => {
    const parsed = refundForm.safeParse(fields(form));
    if (!parsed.success) return { ok: false, status: 400, message: "Check the refund form." };
    const chosen = itemsOf(lines).filter((item) => parsed.data.lines.includes(item.reference));
    if (chosen.length > 0) {
      const total = chosen.reduce((sum, item) => sum + item.total_amount, 0);
      change = { action: "refund", idempotencyKey: parsed.data.idempotencyKey, amount: total };
      return refundPayment(deps(format), paymentId, { amount: total, items: chosen, idempotencyKey: parsed.data.idempotencyKey });
    }
    const money = amount.safeParse(parsed.data.amount ?? "");
    if (!money.success) return { ok: false, status: 400, message: "Choose the lines to refund, or enter an amount such as 120.00." };
    change = { action: "refund", idempotencyKey: parsed.data.idempotencyKey, amount: money.data };
    return refundPayment(deps(format), paymentId, { amount: money.data, idempotencyKey: parsed.data.idempotencyKey });
  }, () => change);
}

export async function voidCheckoutComAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  let change: Change | null = null;
  return run(form, async ({ paymentId, format }) => {
    const parsed = base.safeParse(fields(form));
    if (!parsed.success) return { ok: false, status: 400, message: "Reload the page and try again." };
    change = { action: "release", idempotencyKey: parsed.data.idempotencyKey };
    return voidPayment(deps(format), paymentId, { idempotencyKey: parsed.data.idempotencyKey });
  }, () => change);
}

function deps(formatMoney: (amount: number) => string) {
  const { client, store } = checkoutCom();
  return { client, store, formatMoney };
}
