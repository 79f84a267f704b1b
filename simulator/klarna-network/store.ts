import type Database from "better-sqlite3";
import { DocumentStore } from "../kernel/documents";
import type {
  DeliveryRecord,
  PaymentRequestRecord,
  SigningKeyRecord,
  TransactionRecord,
  WebhookRecord,
} from "./records";

interface Kinds {
  request: PaymentRequestRecord;
  transaction: TransactionRecord;
  signing_key: SigningKeyRecord;
  webhook: WebhookRecord;
  delivery: DeliveryRecord;
  /** A confirmation, session or customer token, pointing at what it belongs to. */
  token: { token: string; payment_request_id?: string; customer_token?: CustomerTokenRecord };
  /** A stored answer for a Klarna-Idempotency-Key (24 h). */
  idempotency: { fingerprint: string; created_at: number; status: number; body: string };
}

export interface CustomerTokenRecord {
  customer_token_id: string;
  customer_token_reference?: string;
  scopes: string[];
  email: string;
  account_id: string | null;
  created_at: number;
}

const KINDS: readonly (keyof Kinds)[] = ["request", "transaction", "signing_key", "webhook", "delivery", "token", "idempotency"];

/** This API's objects, as documents in the kernel's store. */
export class KnStore extends DocumentStore<Kinds> {
  constructor(db: Database.Database) {
    super(db, "klarna-network");
  }

  /** Wipes requests, transactions, webhooks and deliveries; signing keys stay, as the store holds their secrets. */
  reset(): void {
    this.clear(KINDS.filter((kind) => kind !== "signing_key"));
  }
}
