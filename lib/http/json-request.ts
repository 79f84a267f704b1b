import type { z } from "zod";

/** An error answer in one shape for every API route: what went wrong, in words, and the zod issues if any. */
export function problem(status: number, message: string, issues?: z.core.$ZodIssue[]): Response {
  return Response.json(
    { error: message, ...(issues ? { issues: issues.map(({ path, message }) => ({ path: path.join("."), message })) } : {}) },
    // After a 413 the client may stop sending mid-body; closing the connection keeps its next request from hanging.
    { status, headers: { "Cache-Control": "no-store", ...(status === 413 ? { Connection: "close" } : {}) } },
  );
}

export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** True when the declared body is larger than `limit`; callers that never read the body still refuse a huge one. */
export function declaresOversizedBody(request: Request, limit: number): boolean {
  const length = Number(request.headers.get("content-length") ?? "0");
  return Number.isFinite(length) && length > limit;
}

/**
 * Reads and validates a JSON body: 415 for another content type, 413 past `limit` bytes (counted while reading,
 * so a missing or false Content-Length does not help), 400 for malformed JSON or a body that fails the schema.
 */
export async function readJsonBody<T>(
  request: Request,
  schema: z.ZodType<T>,
  limit = DEFAULT_BODY_LIMIT,
): Promise<{ ok: true; value: T } | { ok: false; response: Response }> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    return { ok: false, response: problem(415, "Send the body as JSON with Content-Type: application/json.") };
  }
  if (declaresOversizedBody(request, limit)) {
    return { ok: false, response: problem(413, `The body is larger than ${limit} bytes.`) };
  }
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel();
        return { ok: false, response: problem(413, `The body is larger than ${limit} bytes.`) };
      }
      chunks.push(value);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return { ok: false, response: problem(400, "The body is not valid JSON.") };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, response: problem(400, "The body is missing fields or has wrong ones.", parsed.error.issues) };
  return { ok: true, value: parsed.data };
}
