/** A request id: X-Request-Id when a proxy in front sent a well-formed one, else a new one. Edge- and Node-safe. */
export function requestIdOf(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && /^[A-Za-z0-9._:-]{8,128}$/.test(given) ? given : crypto.randomUUID();
}
