"use server";

import { revalidatePath } from "next/cache";
import { verifyCancelLink } from "@/lib/subscriptions/cancel-link";
import { cancelSubscription } from "@/lib/subscriptions/manage";

export type CancelState = { ok: boolean; message: string } | null;

/** The shopper's cancel: the signed link's id and signature are checked again here, as the action is public. */
export async function cancelBySignedLink(_previous: CancelState, form: FormData): Promise<CancelState> {
  const id = Number(form.get("id"));
  const sig = form.get("sig");
  if (typeof sig !== "string" || !(await verifyCancelLink(id, sig))) {
    return { ok: false, message: "This cancel link is not valid. Use the link from your receipt." };
  }
  const result = await cancelSubscription(id, "shopper");
  revalidatePath(`/subscriptions/${id}/cancel`);
  return result;
}
