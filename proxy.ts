import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { authSecret } from "@/lib/admin/auth-secret";
import { SIGN_IN_PATH } from "@/lib/admin/back-office-path";
import { MissingAuthSecretError } from "@/lib/admin/deployment";

/** Whether the request carries a valid session cookie, under either of the names Auth.js gives it (https or not). */
async function hasSession(request: NextRequest, secret: string): Promise<boolean> {
  for (const secureCookie of [true, false]) {
    if (await getToken({ req: request, secret, secureCookie })) return true;
  }
  return false;
}

/**
 * Sends visitors of the back office who are not signed in to the sign-in page, coming back afterwards.
 * A convenience only: every admin page, server action and route handler checks the session itself. Form posts
 * (server actions) pass through, so their own check answers instead of a redirect the form could not follow.
 */
export async function proxy(request: NextRequest) {
  if (request.method !== "GET" && request.method !== "HEAD") return NextResponse.next();
  let secret: string;
  try {
    secret = await authSecret();
  } catch (error) {
    // The pages explain what to configure; a redirect loop or a bare 500 would not.
    if (error instanceof MissingAuthSecretError) return NextResponse.next();
    throw error;
  }
  const { pathname, search } = request.nextUrl;
  if (pathname === SIGN_IN_PATH || (await hasSession(request, secret))) return NextResponse.next();
  const target = new URL(SIGN_IN_PATH, request.nextUrl);
  target.searchParams.set("callbackUrl", pathname + search);
  return NextResponse.redirect(target);
}

export const config = { matcher: ["/admin", "/admin/:path*"] };
