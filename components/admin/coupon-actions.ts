"use server";

import { revalidatePath } from "next/cache";
import { couponInputFromForm, couponToggleSchema } from "@/lib/admin/coupon-input";
import { createCoupon, setCouponActive } from "@/lib/admin/coupons";
import { adminAction } from "./admin-action";
import type { AdminFormState } from "./form-state";

/* Coupon actions, each through adminAction: session checked, form parsed with zod, before anything is written. */

const revalidateCoupons = () => revalidatePath("/admin/coupons");

export async function createCouponAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  return adminAction(form, {
    parse: couponInputFromForm,
    fieldErrors: true,
    run: async (input) => {
      const result = await createCoupon(input);
      // The only refusal is a code that exists already: say so beside the code.
      return result.ok ? result : { ...result, errors: { code: result.message } };
    },
    revalidate: revalidateCoupons,
  });
}

export async function setCouponActiveAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  return adminAction(form, {
    parse: () => couponToggleSchema.safeParse({ code: form.get("code"), active: form.get("active") }),
    run: (input) => setCouponActive(input.code, input.active),
    revalidate: revalidateCoupons,
  });
}
