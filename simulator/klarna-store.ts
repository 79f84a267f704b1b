import type Database from "better-sqlite3";
import { DocumentStore } from "./kernel/documents";
import type { AuthorizationRecord, CheckoutOrderRecord, OrderRecord, SessionRecord } from "./records";

export interface StoredResponse {
  fingerprint: string;
  created_at: number;
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Klarna's objects (Payments and Kustom share sessions' orders through Order Management), as documents. */
interface KlarnaKinds {
  session: SessionRecord;
  /** ref: the session it authorizes. */
  authorization: AuthorizationRecord;
  /** ref: the session it was placed from (one order per session). */
  order: OrderRecord;
  /** A Kustom Checkout order until the shopper completes it. */
  checkout_order: CheckoutOrderRecord;
  /** A stored answer for a Klarna-Idempotency-Key (Order Management, 24 h). */
  idempotency: StoredResponse;
}

const KLARNA_KINDS: readonly (keyof KlarnaKinds)[] = ["session", "authorization", "order", "checkout_order", "idempotency"];

/**
 * Klarna's sessions, authorizations, orders and Kustom's checkout orders, as documents (api `klarna`): Klarna
 * Payments and Kustom place orders that the one Order Management API serves.
 */
export class KlarnaStore {
  private readonly docs: DocumentStore<KlarnaKinds>;

  constructor(db: Database.Database) {
    this.docs = new DocumentStore<KlarnaKinds>(db, "klarna");
  }

  insertSession(session: SessionRecord): void {
    this.docs.insert("session", session.session_id, session.created_at, session);
  }

  saveSession(session: SessionRecord): void {
    this.docs.update("session", session.session_id, session);
  }

  getSession(id: string): SessionRecord | undefined {
    return this.docs.get("session", id);
  }

  listSessions(limit: number): SessionRecord[] {
    return this.docs.list("session", limit);
  }

  insertAuthorization(authorization: AuthorizationRecord): void {
    this.docs.insert("authorization", authorization.token, authorization.created_at, authorization, authorization.session_id);
  }

  saveAuthorization(authorization: AuthorizationRecord): void {
    this.docs.update("authorization", authorization.token, authorization);
  }

  getAuthorization(token: string): AuthorizationRecord | undefined {
    return this.docs.get("authorization", token);
  }

  sessionAuthorizations(sessionId: string): AuthorizationRecord[] {
    return this.docs.byRef("authorization", sessionId);
  }

  /** False when the session already has an order: the unique key makes "one order per session" hold. */
  insertOrder(order: OrderRecord): boolean {
    return this.docs.insertUnique("order", order.order_id, order.created_at, order, order.session_id);
  }

  saveOrder(order: OrderRecord): void {
    this.docs.update("order", order.order_id, order);
  }

  getOrder(id: string): OrderRecord | undefined {
    return this.docs.get("order", id);
  }

  listOrders(limit: number): OrderRecord[] {
    return this.docs.list("order", limit);
  }

  getIdempotent(key: string): StoredResponse | undefined {
    return this.docs.get("idempotency", key);
  }

  putIdempotent(key: string, response: StoredResponse): void {
    this.docs.put("idempotency", key, response.created_at, response);
  }

  insertCheckoutOrder(order: CheckoutOrderRecord): void {
    this.docs.insert("checkout_order", order.order_id, order.created_at, order);
  }

  saveCheckoutOrder(order: CheckoutOrderRecord): void {
    this.docs.update("checkout_order", order.order_id, order);
  }

  getCheckoutOrder(id: string): CheckoutOrderRecord | undefined {
    return this.docs.get("checkout_order", id);
  }

  listCheckoutOrders(limit: number): CheckoutOrderRecord[] {
    return this.docs.list("checkout_order", limit);
  }

  /** Wipes every session, order, checkout order and stored answer. */
  reset(): void {
    this.docs.clear(KLARNA_KINDS);
  }
}
