import type { Core } from "../core";
import { DocumentStore } from "../kernel/documents";
import type { AuthorizationRecord } from "../records";

/*
 * Customer tokens as the simulator keeps them: made by POST /payments/v1/authorizations/{token}/customer-token
 * (klarna-payments/authorizations.ts) and used by the customer-token API (tokens.ts). A module of its own so that
 * neither imports the other (reference/klarna/customer-token-v1.openapi.yml, schema customer_token).
 */

/** customer_token.status: "Status of token, can be active, cancelled, suspended" (the spec's example: ACTIVE). */
export type TokenStatus = "ACTIVE" | "CANCELLED" | "SUSPENDED";

export interface CustomerTokenRecord {
  token_id: string;
  created_at: number;
  status: TokenStatus;
  /** customer_token.payment_method_type, e.g. INVOICE (reference/seeds are silent; the spec's example). */
  payment_method_type: string;
  purchase_country: string;
  purchase_currency: string;
  locale: string;
  description: string;
  authorization: AuthorizationRecord;
  /** A test's fault: this many next orders are refused (POST /_sim/customer-tokens/{token}/refusals). */
  refuse_next: number;
  /** Orders placed with the token, oldest first. */
  order_ids: string[];
}

interface Kinds {
  token: CustomerTokenRecord;
}

const stores = new WeakMap<Core, DocumentStore<Kinds>>();

export function tokenStore(core: Core): DocumentStore<Kinds> {
  let store = stores.get(core);
  if (!store) {
    store = new DocumentStore<Kinds>(core.repo.db, "customer-token");
    stores.set(core, store);
  }
  return store;
}

/** Payment categories as customer_token.payment_method_type names them (INVOICE in the spec's example). */
const PAYMENT_METHOD_TYPES: Record<string, string> = {
  pay_later: "INVOICE",
  pay_over_time: "FIXED_AMOUNT",
  pay_now: "DIRECT_DEBIT",
  klarna: "INVOICE",
};

export function recordCustomerToken(
  core: Core,
  tokenId: string,
  authorization: AuthorizationRecord,
  request: { purchase_country: string; purchase_currency: string; locale: string; description: string },
): void {
  tokenStore(core).insert("token", tokenId, core.clock.now(), {
    token_id: tokenId,
    created_at: core.clock.now(),
    status: "ACTIVE",
    payment_method_type: PAYMENT_METHOD_TYPES[authorization.category] ?? "INVOICE",
    purchase_country: request.purchase_country.toUpperCase(),
    purchase_currency: request.purchase_currency.toUpperCase(),
    locale: request.locale,
    description: request.description,
    authorization,
    refuse_next: 0,
    order_ids: [],
  });
}

