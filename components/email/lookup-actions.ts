"use server";

import { headers } from "next/headers";
import { requestOrderLink, type LookupResult } from "@/lib/email/lookup";
import { inActionContext } from "@/lib/observability/action";
import { waitInWords } from "@/lib/security/rate-limit";

export type LookupState = LookupResult & { orderNumber?: string; email?: string };

/** "Find my order": a public endpoint, so everything is checked again in lib/email/lookup.ts. */
export async function findMyOrder(_previous: LookupState | null, form: FormData): Promise<LookupState> {
  return inActionContext("order-lookup", undefined, async () => {
    const orderNumber = form.get("orderNumber");
    const email = form.get("email");
    const result = await requestOrderLink({ orderNumber, email }, await headers());
    const kept = { orderNumber: typeof orderNumber === "string" ? orderNumber : "", email: typeof email === "string" ? email : "" };
    if (!result.ok && result.retryAfterSeconds) {
      return { ...result, ...kept, message: `Too many requests for order links. Try again in ${waitInWords(result.retryAfterSeconds)}.` };
    }
    return { ...result, ...kept };
  });
}
