import { NextRequest } from "next/server";
import { handlers } from "@/auth";
import { observed } from "@/lib/observability/route";
import { BODY_LIMITS, readBoundedText, tooLarge } from "@/lib/security/body-limit";
import { waitInWords } from "@/lib/security/rate-limit";
import { signInRefusal } from "@/lib/security/sign-in-limits";

export const GET = handlers.GET;

/**
 * Auth.js's routes. A credentials sign-in is refused with 429 and Retry-After, before Auth.js and its bcrypt run,
 * while its account or its address is blocked for too many failed attempts (lib/security/limits.ts). The same check
 * runs inside `authorize` (auth.ts), which also covers the back office's sign-in form (a server action).
 */
export const POST = observed("/api/auth/[...nextauth]", undefined, async (request) => {
  if (!new URL(request.url).pathname.endsWith("/callback/credentials")) return handlers.POST(new NextRequest(request));
  const body = await readBoundedText(request, BODY_LIMITS.signIn);
  if (body === null) return tooLarge(BODY_LIMITS.signIn);
  const email = new URLSearchParams(body).get("email") ?? "";
  const { retryAfterSeconds } = await signInRefusal(request.headers, email);
  if (retryAfterSeconds > 0) {
    return Response.json(
      { error: `Too many failed sign-ins. Try again in ${waitInWords(retryAfterSeconds)}.` },
      { status: 429, headers: { "Retry-After": String(retryAfterSeconds), "Cache-Control": "no-store" } },
    );
  }
  // The body was read to look at it: Auth.js gets the same request with the same body.
  return handlers.POST(new NextRequest(request.url, { method: "POST", headers: request.headers, body }));
});
