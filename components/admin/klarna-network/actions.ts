"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { keyTag } from "@/lib/admin/event-detail";
import { NOT_SIGNED_IN } from "@/lib/admin/order-management";
import { currentMerchant } from "@/lib/admin/session";
import { appendOrderEvent, findOrderByReference } from "@/lib/orders/order-store";
import { captureTransaction, refundTransaction, voidTransaction, type BackOfficeResult } from "@/lib/payments/klarna-network/back-office";
import { syncNetworkOrder } from "@/lib/payments/klarna-network/back-office-order";
import type { OrderLineRead } from "@/lib/klarna/types";
import { firstIssue } from "../admin-action";
import type { AdminFormState } from "../form-state";

/*
 * Back-office actions on a Klarna payment transaction. Each is a public endpoint: it checks the merchant's session,
 * parses its form with zod, and leaves the rules to lib/payments/klarna-network/back-office, which reads the
 * transaction from Klarna first and refuses in words what Klarna would refuse.
 */

const base = z.object({
  transactionId: z.string().trim().min(1, "The form does not say which payment it is for.").max(255),
  idempotencyKey: z.uuid({ error: "The form is missing its request key. Reload the page and try again." }),
});

/** "123.45" or "123,45" in the currency's major unit, as the merchant types it, to minor units. */
function minorUnits(text: string, currency: string): number | null {
  const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const match = /^(\d{1,9})(?:[.,](\d+))?$/.exec(text.trim());
  if (!match || (match[2] ?? "").length > digits) return null;
  return Number(match[1]) * 10 ** digits + Number((match[2] ?? "").padEnd(digits, "0") || "0");
}

const amountField = z.string().trim().min(1, "Enter an amount.");

async function run(
  form: FormData,
  action: "capture" | "refund" | "release",
  perform: (fields: z.infer<typeof base>, currency: string, lines: OrderLineRead[]) => Promise<BackOfficeResult>,
): Promise<AdminFormState> {
  if (!(await currentMerchant())) return NOT_SIGNED_IN;
  const fields = base.safeParse({ transactionId: form.get("transactionId"), idempotencyKey: form.get("idempotencyKey") });
  if (!fields.success) return { ok: false, status: 400, message: firstIssue(fields.error) };
  const order = await findOrderByReference("klarna-network", fields.data.transactionId);
  if (!order) return { ok: false, status: 404, message: "The store has no order for this payment." };
  const started = performance.now();
  const result = await perform(fields.data, order.currency, order.lines as OrderLineRead[]);
  // The orders list reads the row: it learns the new amounts now, not only when Klarna's webhook arrives.
  if (result.ok) await syncNetworkOrder(order.providerReference).catch(() => undefined);
  await appendOrderEvent({
    providerReference: order.providerReference,
    provider: "klarna-network",
    source: "admin",
    action,
    outcome: result.ok ? "ok" : "refused",
    // The form's key tells one capture or refund from the next, so each gets its own shopper email (lib/email).
    detail: `${result.message} ${keyTag(fields.data.idempotencyKey)}`,
    latencyMs: performance.now() - started,
    ...(action === "capture" ? { shippingInfo: trackingOf(form) } : {}),
  });
  revalidatePath("/admin", "layout");
  return result.ok ? { ok: true, message: result.message } : { ok: false, status: 409, message: result.message };
}

/** The capture form's tracking, as the shopper's shipping email reads it; null when the merchant gave none. */
function trackingOf(form: FormData) {
  const text = (name: string) => {
    const raw = form.get(name);
    return typeof raw === "string" && raw.trim() !== "" ? raw.trim().slice(0, 1024) : undefined;
  };
  const info = { shipping_company: text("carrier"), tracking_number: text("trackingNumber"), tracking_uri: text("trackingUrl") };
  return Object.values(info).some(Boolean) ? info : null;
}

export async function captureNetworkAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  return run(form, "capture", async (fields, currency) => {
    const amount = amountField.safeParse(form.get("amount"));
    const value = amount.success ? minorUnits(amount.data, currency) : null;
    if (value === null) return { ok: false, message: "Enter the amount to capture, such as 249.00." };
    const text = (name: string, max: number) => {
      const raw = form.get(name);
      return typeof raw === "string" && raw.trim() !== "" ? raw.trim().slice(0, max) : undefined;
    };
    const url = text("trackingUrl", 1024);
    if (url && !z.url().safeParse(url).success) return { ok: false, message: "The tracking link must be a full URL, such as https://…" };
    return captureTransaction(
      fields.transactionId,
      { amount: value, tracking: { carrier: text("carrier", 100), number: text("trackingNumber", 100), url } },
      fields.idempotencyKey,
    );
  });
}

export async function refundNetworkAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  return run(form, "refund", async (fields, currency, lines) => {
    const captureId = form.get("captureId");
    if (typeof captureId === "string" && captureId !== "") {
      const amount = amountField.safeParse(form.get("amount"));
      const value = amount.success ? minorUnits(amount.data, currency) : null;
      if (value === null) return { ok: false, message: "Enter the amount to refund, such as 49.00." };
      return refundTransaction(fields.transactionId, { amount: value, captureId }, fields.idempotencyKey);
    }
    // A refund of the transaction names its lines: the chosen order line and quantity.
    const index = Number(form.get("line"));
    const quantity = Number(form.get("quantity"));
    const line = Number.isInteger(index) ? lines[index] : undefined;
    if (!line || line.total_amount <= 0) return { ok: false, message: "Choose the line to refund." };
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > line.quantity) {
      return { ok: false, message: `Refund between 1 and ${line.quantity} of ${line.name}.` };
    }
    const total = Math.round((line.total_amount * quantity) / line.quantity);
    return refundTransaction(
      fields.transactionId,
      {
        amount: total,
        lines: [{ name: line.name, quantity, unit_price: line.unit_price, total_amount: total, ...(line.reference ? { line_item_reference: line.reference } : {}) }],
      },
      fields.idempotencyKey,
    );
  });
}

export async function voidNetworkAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  return run(form, "release", (fields) => voidTransaction(fields.transactionId, fields.idempotencyKey));
}
