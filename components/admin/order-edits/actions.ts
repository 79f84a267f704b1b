"use server";

import { providerBrand } from "@/lib/payments/provider";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import {
  editOrderLines,
  extendDueDate,
  previewOrderEdit,
  resendInvoice,
  updateMerchantReference,
  updateShippingAddress,
} from "@/lib/admin/order-edits";
import type { ActionResult } from "@/lib/admin/order-management";
import { NOT_SIGNED_IN } from "@/lib/admin/order-management";
import { currentMerchant } from "@/lib/admin/session";
import { moneyFormatter } from "@/lib/admin/format";
import { findOrderByKlarnaId } from "@/lib/orders/order-store";
import { adminAction, firstIssue } from "../admin-action";
import type { AdminFormState } from "../form-state";

/*
 * The back office's order-edit actions. Each checks the session and parses its form; every rule about the order is
 * lib/admin/order-edits.ts's, which reads the live order at Klarna (or Kustom) before sending anything.
 */

const orderFields = z.object({
  klarnaOrderId: z.string().trim().min(1, "The form does not say which order it is for.").max(255),
  idempotencyKey: z.uuid({ error: "The form is missing its request key. Reload the page and try again." }),
});

const revalidateBackOffice = () => revalidatePath("/admin", "layout");
const invalid = (message: string): ActionResult => ({ ok: false, status: 400, message });

function orderAction(form: FormData, run: (fields: z.infer<typeof orderFields> & { merchant: Parameters<typeof editOrderLines>[0]["merchant"] }) => Promise<ActionResult>) {
  return adminAction(form, {
    parse: () => orderFields.safeParse({ klarnaOrderId: form.get("klarnaOrderId"), idempotencyKey: form.get("idempotencyKey") }),
    run: (fields, merchant) => run({ ...fields, merchant }),
    revalidate: revalidateBackOffice,
  });
}

// ─── Lines ────────────────────────────────────────────────────────────────────────────────────────────────────────

/** The edit form's answer: a preview to confirm, or the outcome. */
export type EditLinesState =
  | (AdminFormState & { preview?: undefined })
  | {
      ok: true;
      message: string;
      preview: { before: string; total: string; totalMinor: number; summary: string; increase: boolean; captured: string };
      /** What was typed, so the form shows the previewed quantities (React resets a form after its action). */
      values: Record<string, string>;
    };

/** Whole numbers only; anything else (empty, "1.5", "-1", "abc") is kept as NaN for the rules to refuse in words. */
function wholeNumber(value: FormDataEntryValue | null): number {
  if (typeof value !== "string" || !/^\s*-?\d+\s*$/.test(value)) return Number.NaN;
  return Number(value.trim());
}

/** `qty:<reference>` per line, and one product to add (`add_sku`, `add_quantity`). */
function editRequestOf(form: FormData) {
  const quantities: Record<string, number> = {};
  for (const [name, value] of form.entries()) {
    if (name.startsWith("qty:")) quantities[name.slice(4)] = wholeNumber(value);
  }
  const sku = String(form.get("add_sku") ?? "").trim();
  const additions = sku ? [{ sku, quantity: wholeNumber(form.get("add_quantity")) }] : [];
  return { quantities, additions };
}

function typed(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value === "string" && !name.startsWith("$ACTION") && name !== "idempotencyKey") values[name] = value;
  }
  return values;
}

export async function editLinesAction(_previous: EditLinesState | null, form: FormData): Promise<EditLinesState> {
  const merchant = await currentMerchant();
  if (!merchant) return { ...NOT_SIGNED_IN, values: typed(form) };
  const fields = orderFields.safeParse({ klarnaOrderId: form.get("klarnaOrderId"), idempotencyKey: form.get("idempotencyKey") });
  if (!fields.success) return { ok: false, status: 400, message: firstIssue(fields.error), values: typed(form) };
  const request = editRequestOf(form);

  if (form.get("intent") !== "confirm") {
    const preview = await previewOrderEdit({ merchant, klarnaOrderId: fields.data.klarnaOrderId, ...request });
    if (!preview.ok) return { ok: false, status: preview.status, message: preview.message, values: typed(form) };
    const store = await findOrderByKlarnaId(fields.data.klarnaOrderId);
    const format = moneyFormatter(store!);
    return {
      ok: true,
      message: `New total ${format(preview.total)} (now ${format(preview.before)}). Confirm to send it to ${providerBrand(store!.provider)}.`,
      preview: {
        before: format(preview.before),
        total: format(preview.total),
        totalMinor: preview.total,
        summary: preview.summary,
        increase: preview.increase,
        captured: format(preview.captured),
      },
      values: typed(form),
    };
  }

  const expected = wholeNumber(form.get("expectedTotal"));
  if (!Number.isInteger(expected)) return { ok: false, status: 400, message: "Review the new total before confirming.", values: typed(form) };
  const result = await editOrderLines({ merchant, ...fields.data, ...request, expectedTotal: expected });
  if (result.ok || result.status !== 502) revalidateBackOffice();
  return result.ok ? result : { ...result, values: typed(form) };
}

// ─── Address and reference ────────────────────────────────────────────────────────────────────────────────────────

const ADDRESS_FIELDS = ["given_name", "family_name", "street_address", "street_address2", "postal_code", "city", "region", "country", "phone"] as const;

export async function shippingAddressAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  return orderAction(form, async ({ merchant, ...fields }) => {
    const address: Record<string, string> = {};
    for (const field of ADDRESS_FIELDS) {
      const value = String(form.get(field) ?? "").trim();
      if (value) address[field] = value;
    }
    return updateShippingAddress({ merchant, ...fields, address });
  });
}

export async function merchantReferenceAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  return orderAction(form, ({ merchant, ...fields }) =>
    updateMerchantReference({ merchant, ...fields, reference: String(form.get("merchant_reference1") ?? "") }),
  );
}

// ─── A capture's due date and invoice ─────────────────────────────────────────────────────────────────────────────

const captureIdSchema = z.string().trim().min(1, "The form does not say which capture it is for.").max(255);

export async function extendDueDateAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  return orderAction(form, async ({ merchant, ...fields }) => {
    const captureId = captureIdSchema.safeParse(form.get("captureId"));
    if (!captureId.success) return invalid(firstIssue(captureId.error));
    const days = wholeNumber(form.get("days"));
    if (!Number.isInteger(days) || days < 1) return invalid("Choose how many days to extend the due date by.");
    return extendDueDate({ merchant, ...fields, captureId: captureId.data, days });
  });
}

export async function resendInvoiceAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  return orderAction(form, async ({ merchant, ...fields }) => {
    const captureId = captureIdSchema.safeParse(form.get("captureId"));
    if (!captureId.success) return invalid(firstIssue(captureId.error));
    return resendInvoice({ merchant, ...fields, captureId: captureId.data });
  });
}
