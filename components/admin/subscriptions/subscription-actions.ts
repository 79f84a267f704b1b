"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { cancelSubscription, chargeNow, pauseSubscription, resumeSubscription, type ManageResult } from "@/lib/subscriptions/manage";
import { adminAction } from "../admin-action";
import type { AdminFormState } from "../form-state";

/* The merchant's subscription actions, each through adminAction: session checked and form parsed before anything runs. */

const idSchema = z.object({ id: z.coerce.number().int().positive("No subscription was named.") });

function subscriptionAction(run: (id: number) => Promise<ManageResult>) {
  return (form: FormData): Promise<AdminFormState> =>
    adminAction(form, {
      parse: () => idSchema.safeParse({ id: form.get("id") }),
      run: async ({ id }) => {
        const result = await run(id);
        return result.ok ? { ok: true, message: result.message } : { ok: false, status: 409, message: result.message };
      },
      revalidate: () => {
        revalidatePath("/admin/subscriptions");
        revalidatePath(`/admin/subscriptions/${String(form.get("id"))}`);
      },
    });
}

export async function pauseSubscriptionAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  return subscriptionAction(pauseSubscription)(form);
}

export async function resumeSubscriptionAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  return subscriptionAction(resumeSubscription)(form);
}

export async function cancelSubscriptionAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  return subscriptionAction((id) => cancelSubscription(id, "merchant"))(form);
}

export async function chargeNowAction(_previous: AdminFormState | null, form: FormData): Promise<AdminFormState> {
  return subscriptionAction(chargeNow)(form);
}
