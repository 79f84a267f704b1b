import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { authSecret } from "@/lib/admin/auth-secret";
import { SIGN_IN_PATH } from "@/lib/admin/back-office-path";
import { MissingAuthSecretError } from "@/lib/admin/deployment";
import { contentSecurityPolicy, cspHeaderName, HSTS, isHttps, SECURITY_HEADERS } from "@/lib/security/csp";
import { requestIdOf } from "@/lib/observability/request-id";

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
async function adminRedirect(request: NextRequest): Promise<NextResponse | null> {
  if (request.method !== "GET" && request.method !== "HEAD") return null;
  let secret: string;
  try {
    secret = await authSecret();
  } catch (error) {
    // The pages explain what to configure; a redirect loop or a bare 500 would not.
    if (error instanceof MissingAuthSecretError) return null;
    throw error;
  }
  const { pathname, search } = request.nextUrl;
  if (pathname === SIGN_IN_PATH || (await hasSession(request, secret))) return null;
  const target = new URL(SIGN_IN_PATH, request.nextUrl);
  target.searchParams.set("callbackUrl", pathname + search);
  return NextResponse.redirect(target);
}

/**
 * Every page: a fresh nonce and the Content-Security-Policy built with it (lib/security/csp.ts), which Next.js reads
 * from the request to put the nonce on its own scripts; a request id (kept from X-Request-Id when a proxy in front
 * sent a well-formed one) that the server's logs carry (lib/observability); the security headers. API routes get
 * theirs from next.config.ts, without the cost of a proxy.
 */
export async function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy(nonce, process.env);
  const cspHeader = cspHeaderName(process.env);
  const requestId = requestIdOf(request.headers);

  const forwarded = new Headers(request.headers);
  forwarded.set("x-nonce", nonce);
  forwarded.set("x-request-id", requestId);
  forwarded.set(cspHeader, policy);

  const pathname = request.nextUrl.pathname;
  const redirect = pathname === "/admin" || pathname.startsWith("/admin/") ? await adminRedirect(request) : null;
  const response = redirect ?? NextResponse.next({ request: { headers: forwarded } });
  response.headers.set(cspHeader, policy);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  if (isHttps(request.url, request.headers.get("x-forwarded-proto"))) response.headers.set("Strict-Transport-Security", HSTS);
  response.headers.set("X-Request-Id", requestId);
  return response;
}

export const config = {
  // Pages only: not API routes (next.config.ts), Next.js's static files, or the public folder's images.
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|.*\\.svg|favicon\\.ico).*)",
      // A prefetch is answered from the router's cache, where a nonce would be stale.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
