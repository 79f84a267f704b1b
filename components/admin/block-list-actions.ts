"use server";

import { revalidatePath } from "next/cache";
import { blockEntryFromForm, blockEntryIdSchema } from "@/lib/admin/block-list-input";
import { blockShopper, unblockShopper } from "@/lib/admin/block-list";
import { NOT_SIGNED_IN } from "@/lib/admin/order-management";
import { currentMerchant } from "@/lib/admin/session";
import { firstIssue, invalidForm, typedValues } from "./form-refusal";
import type { AdminFormState } from "./form-state";

/*
 * Block-list actions. Each is a public endpoint whatever the page showed: it checks the session itself (401 without
 * one) and parses its form with zod before anything is written.
 */

export async function blockShopperAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  if (!(await currentMerchant())) return { ...NOT_SIGNED_IN, values: typedValues(form) };
  const entry = blockEntryFromForm(form);
  if (!entry.success) return invalidForm(entry.error, form);
  const result = await blockShopper(entry.data);
  if (!result.ok) return { ...result, values: typedValues(form) };
  revalidatePath("/admin/block-list");
  return result;
}

export async function unblockShopperAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  if (!(await currentMerchant())) return NOT_SIGNED_IN;
  const id = blockEntryIdSchema.safeParse(form.get("id"));
  if (!id.success) return { ok: false, status: 400, message: firstIssue(id.error) };
  const result = await unblockShopper(id.data);
  revalidatePath("/admin/block-list");
  return result;
}
