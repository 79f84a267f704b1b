/**
 * Body-size limits for the routes providers call (callbacks, pushes, webhooks): an oversized body is refused with 413
 * before anything parses it, by its declared Content-Length when it has one and by counting while reading when not
 * (a chunked or understated body is cut off at the limit, never buffered whole).
 */
export const BODY_LIMITS = {
  /** Klarna Payments' authorization callback and notification: a token and an id. */
  klarnaCallback: 64 * 1024,
  /** Klarna's and Kustom's pushes carry no body the store reads. */
  push: 1024 * 1024,
  /** Kustom's validation callback: the whole order, up to 1 MiB. */
  kustomValidation: 1024 * 1024,
  /** Payment requests' (Klarna network) webhooks. */
  klarnaNetworkWebhook: 256 * 1024,
  /** Checkout.com's webhooks: one event about one payment, a few kB. */
  checkoutComWebhook: 256 * 1024,
  /** A GET callback (Klarna's return URL) has no body at all. */
  none: 0,
  /** Auth.js's sign-in form. */
  signIn: 16 * 1024,
} as const;

export function tooLarge(limit: number): Response {
  return Response.json(
    { error: `The body is larger than ${limit} bytes.` },
    // The client may stop sending mid-body; closing the connection keeps its next request from hanging.
    { status: 413, headers: { "Cache-Control": "no-store", Connection: "close" } },
  );
}

/** A 413 if the declared Content-Length is over `limit`, else null: for routes that do not read the body. */
export function refuseDeclaredOversize(request: Request, limit: number): Response | null {
  const length = Number(request.headers.get("content-length") ?? "0");
  return Number.isFinite(length) && length > limit ? tooLarge(limit) : null;
}

/** The body as UTF-8 text, or null once it is past `limit` bytes (declared or counted), without reading the rest. */
export async function readBoundedText(request: Request, limit: number): Promise<string | null> {
  if (refuseDeclaredOversize(request, limit)) return null;
  const reader = request.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
