"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import {
  addTracking,
  cancelOrder,
  captureLines,
  extendAuthorization,
  refundLines,
  releaseRemaining,
  type ActionResult,
} from "@/lib/admin/order-management";
import type { Merchant } from "@/lib/admin/merchants";
import { reconcileAll, reconcileOrder } from "@/lib/admin/reconcile";
import { shippingInfoFromForm } from "@/lib/admin/shipping-info";
import { DEFAULT_PROVIDER_ID, PROVIDER_IDS } from "@/lib/payments/provider";
import { adminAction, firstIssue } from "./admin-action";
import type { AdminFormState } from "./form-state";

/*
 * The back office's order actions, each through adminAction (session, zod, refusal in words). Every rule about the
 * order is left to lib/admin, which reads Klarna's live order before sending anything.
 */

const orderFields = z.object({
  klarnaOrderId: z.string().trim().min(1, "The form does not say which order it is for.").max(255),
  idempotencyKey: z.uuid({ error: "The form is missing its request key. Reload the page and try again." }),
});

const QUANTITY_PREFIX = "qty:";

/** `qty:<line key>` fields as numbers; an empty field is 0, anything else that is not a number stays NaN. */
function selectionOf(form: FormData): Record<string, number> {
  const selection: Record<string, number> = {};
  for (const [name, value] of form.entries()) {
    if (!name.startsWith(QUANTITY_PREFIX) || typeof value !== "string") continue;
    const trimmed = value.trim();
    selection[name.slice(QUANTITY_PREFIX.length)] = trimmed === "" ? 0 : Number(trimmed);
  }
  return selection;
}

const revalidateBackOffice = () => revalidatePath("/admin", "layout");

/** The steps every order action shares: which order, with which request key, then `run`. */
function orderAction(
  form: FormData,
  run: (merchant: Merchant, fields: z.infer<typeof orderFields>) => Promise<ActionResult>,
): Promise<AdminFormState> {
  return adminAction(form, {
    parse: () => orderFields.safeParse({ klarnaOrderId: form.get("klarnaOrderId"), idempotencyKey: form.get("idempotencyKey") }),
    run: (fields, merchant) => run(merchant, fields),
    revalidate: revalidateBackOffice,
  });
}

const invalid = (message: string): ActionResult => ({ ok: false, status: 400, message });

export async function captureAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  return orderAction(form, async (merchant, fields) => {
    const shippingInfo = shippingInfoFromForm(form);
    if (!shippingInfo.success) return invalid(firstIssue(shippingInfo.error));
    return captureLines({ merchant, ...fields, selection: selectionOf(form), shippingInfo: shippingInfo.data });
  });
}

const captureIdSchema = z.string().trim().min(1, "The form does not say which capture it is for.").max(255);

export async function addTrackingAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  return orderAction(form, async (merchant, fields) => {
    const captureId = captureIdSchema.safeParse(form.get("captureId"));
    if (!captureId.success) return invalid(firstIssue(captureId.error));
    const shippingInfo = shippingInfoFromForm(form);
    if (!shippingInfo.success) return invalid(firstIssue(shippingInfo.error));
    return addTracking({ merchant, ...fields, captureId: captureId.data, shippingInfo: shippingInfo.data });
  });
}

const noteSchema = z
  .string()
  .trim()
  .max(255, "The note can be at most 255 characters.")
  .optional()
  .transform((value) => value || undefined);

export async function refundAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  return orderAction(form, async (merchant, fields) => {
    const description = noteSchema.safeParse(form.get("description") ?? undefined);
    if (!description.success) return invalid(firstIssue(description.error));
    return refundLines({ merchant, ...fields, selection: selectionOf(form), description: description.data });
  });
}

export async function cancelAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  return orderAction(form, async (merchant, fields) => {
    const reason = noteSchema.safeParse(form.get("reason") ?? undefined);
    if (!reason.success) return invalid(firstIssue(reason.error));
    return cancelOrder({ merchant, ...fields, reason: reason.data });
  });
}

export async function releaseAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  return orderAction(form, (merchant, fields) => releaseRemaining({ merchant, ...fields }));
}

export async function extendAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  return orderAction(form, (merchant, fields) => extendAuthorization({ merchant, ...fields }));
}

const reconcileSchema = z.object({
  klarnaOrderId: z.string().trim().min(1, "The form does not say which order it is for.").max(255),
  provider: z.enum(PROVIDER_IDS).default(DEFAULT_PROVIDER_ID),
});

export async function reconcileAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  return adminAction(form, {
    parse: () => reconcileSchema.safeParse({ klarnaOrderId: form.get("klarnaOrderId"), provider: form.get("provider") ?? undefined }),
    run: async ({ klarnaOrderId, provider }) => {
      const result = await reconcileOrder(klarnaOrderId, provider);
      const label = result.orderNumber ?? "The order";
      return result.outcome === "failed" || result.outcome === "in_progress"
        ? { ok: false, status: 502, message: `${label}: ${result.message}` }
        : { ok: true, message: `${label}: ${result.message}` };
    },
    // Reconciling reads Klarna and settles; the lists change whatever the outcome.
    revalidate: revalidateBackOffice,
  });
}

export async function reconcileAllAction(): Promise<AdminFormState> {
  return adminAction(new FormData(), {
    parse: () => z.object({}).safeParse({}),
    run: async () => {
      const summary = await reconcileAll();
      const released = summary.releasedCouponClaims;
      const coupons = released === 0 ? "" : ` Gave back ${released} coupon ${released === 1 ? "use" : "uses"} from abandoned checkouts.`;
      if (summary.checked === 0) return { ok: true, message: `Nothing to reconcile: every order is settled.${coupons}` };
      const parts = [
        summary.acknowledged && `${summary.acknowledged} acknowledged`,
        summary.cancelled && `${summary.cancelled} cancelled`,
        summary.refreshed && `${summary.refreshed} refreshed from Klarna`,
        summary.failed && `${summary.failed} could not be settled`,
      ].filter(Boolean);
      const message = `Reconciled ${summary.checked}: ${parts.join(", ")}.${coupons}`;
      return summary.failed === 0 ? { ok: true, message } : { ok: false, status: 502, message };
    },
    revalidate: revalidateBackOffice,
  });
}
