import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Client tokens are JWTs like Klarna's, signed HS256 with a secret kept in the simulator's database (Klarna signs
 * RS256). The SDK stand-in sends the token back on every call, and the signature proves it came from here.
 */
export interface ClientTokenPayload {
  session_id: string;
  base_url: string;
  design: string;
  language: string;
  purchase_country: string;
  environment: "playground";
  merchant_name: string;
  session_type: "PAYMENTS";
  client_event_base_url: string;
  scheme: boolean;
  experiments: unknown[];
  region: string;
  order_amount: number;
  offering_opts: number;
  oo: string;
  version: string;
}

const HEADER = encode({ alg: "HS256", typ: "JWT", kid: "klarna-simulator" });

export function signClientToken(payload: ClientTokenPayload, secret: string): string {
  const unsigned = `${HEADER}.${encode(payload)}`;
  return `${unsigned}.${signature(unsigned, secret)}`;
}

/** The session id of a token this simulator signed, or undefined for anything else. */
export function verifyClientToken(token: string, secret: string): string | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const [header, payload, sig] = parts as [string, string, string];
  const expected = Buffer.from(signature(`${header}.${payload}`, secret));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    if (decoded !== null && typeof decoded === "object" && "session_id" in decoded) {
      const sessionId = decoded.session_id;
      return typeof sessionId === "string" ? sessionId : undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function signature(unsigned: string, secret: string): string {
  return createHmac("sha256", secret).update(unsigned).digest("base64url");
}
