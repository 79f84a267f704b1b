import { timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { Core } from "../core";
import { KlarnaError } from "../klarna-error";
import { errorResponse } from "../routes/http";

/**
 * Kustom's API-key auth (reference/kustom/notes.md §3): `Authorization: Basic <API key>` with the key as it is, or
 * `Basic base64(<username>:<API key>)` for clients that can only send a user and password; the username may be
 * left empty but must be right when given. Anything else is a 401 with the API's error body.
 */
export function kustomAuth(core: Core): MiddlewareHandler {
  return async (c, next) => {
    if (accepted(c.req.header("authorization"), core.config.kustomApiKey, core.config.kustomUsername)) return next();
    c.header("WWW-Authenticate", 'Basic realm="Kustom"');
    return errorResponse(
      c,
      new KlarnaError(401, "UNAUTHORIZED", ["Invalid credentials: send your Kustom API key (Authorization: Basic <API key>)"]),
    );
  };
}

function accepted(header: string | undefined, key: string, username: string): boolean {
  const credential = /^basic\s+(\S+)$/i.exec(header ?? "")?.[1];
  if (!credential) return false;
  if (same(credential, key)) return true;
  const decoded = Buffer.from(credential, "base64").toString("utf8");
  const separator = decoded.indexOf(":");
  if (separator < 0) return false;
  const user = decoded.slice(0, separator);
  return (user === "" || same(user, username)) && same(decoded.slice(separator + 1), key);
}

function same(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
