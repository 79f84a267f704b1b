"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { MARKET_COOKIE } from "@/lib/pricing/current-market";
import { isMarketCode } from "@/lib/pricing/markets";

export async function chooseMarket(form: FormData): Promise<void> {
  const code = form.get("market");
  if (!isMarketCode(code)) return;
  (await cookies()).set(MARKET_COOKIE, code, { sameSite: "lax", path: "/", maxAge: 60 * 60 * 24 * 365 });
  revalidatePath("/", "layout");
}
