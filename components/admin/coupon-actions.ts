"use server";

import { revalidatePath } from "next/cache";
import { couponInputFromForm, couponToggleSchema } from "@/lib/admin/coupon-input";
import { createCoupon, setCouponActive } from "@/lib/admin/coupons";
import { NOT_SIGNED_IN } from "@/lib/admin/order-management";
import { currentMerchant } from "@/lib/admin/session";
import { firstIssue, invalidForm, typedValues } from "./form-refusal";
import type { AdminFormState } from "./form-state";

/*
 * Coupon actions. Each is a public endpoint whatever the page showed: it checks the session itself (401 without
 * one) and parses its form with zod before anything is written.
 */

export async function createCouponAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  if (!(await currentMerchant())) return { ...NOT_SIGNED_IN, values: typedValues(form) };
  const input = couponInputFromForm(form);
  if (!input.success) return invalidForm(input.error, form);
  const result = await createCoupon(input.data);
  if (!result.ok) return { ...result, errors: { code: result.message }, values: typedValues(form) };
  revalidatePath("/admin/coupons");
  return result;
}

export async function setCouponActiveAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  if (!(await currentMerchant())) return NOT_SIGNED_IN;
  const input = couponToggleSchema.safeParse({ code: form.get("code"), active: form.get("active") });
  if (!input.success) return { ok: false, status: 400, message: firstIssue(input.error) };
  const result = await setCouponActive(input.data.code, input.data.active);
  revalidatePath("/admin/coupons");
  return result;
}
