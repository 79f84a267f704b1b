import type { PaymentContextRequest, PaymentRequestBody } from "./schemas";

/** Checkout.com's resources as the simulator keeps them (JSON in SQLite, one row each). */
export interface ContextRecord {
  id: string;
  created_at: number;
  request: PaymentContextRequest;
  /** The Klarna Payments session Checkout.com opened for this context. */
  klarna_session_id: string;
  client_token: string;
  /** Set when Klarna reports the shopper's authorization (the popup). */
  approved_at: number | null;
  authorization_token: string | null;
  payment_id: string | null;
}

export type PaymentStatus =
  | "Pending"
  | "Authorized"
  | "Partially Captured"
  | "Captured"
  | "Partially Refunded"
  | "Refunded"
  | "Voided"
  | "Declined"
  | "Expired";

export type PaymentType = "Regular" | "PayLater" | "Installment";

export interface PaymentRecord {
  id: string;
  context_id: string;
  created_at: number;
  request: PaymentRequestBody;
  status: PaymentStatus;
  approved: boolean;
  amount: number;
  currency: string;
  payment_type: PaymentType;
  /** Installments only: true when Klarna finances them (interest-bearing credit). */
  financing: boolean | null;
  klarna_order_id: string | null;
  partner_status: string | null;
  partner_fraud_status: string | null;
  expires_at: number;
  /** The addresses the shopper gave Klarna, as Klarna reports them to Checkout.com (Klarna's field names). */
  klarna_addresses: { billing?: Record<string, string | undefined>; shipping?: Record<string, string | undefined> } | null;
  /** Set once the authorization has been closed (Final capture, void, expiry): nothing more can be captured. */
  closed: boolean;
  /**
   * While the payment is Pending: what the partner decided when the payment was requested, announced when the
   * simulator's clock reaches `decides_at` (reference/seeds/004_6e27f3ac1c8818d9.txt: 202 Pending, then webhooks).
   */
  decision?: { approve: boolean; reason: string; decides_at: number } | null;
  /** Capture as soon as the payment is approved: the request's `capture`, whose default is true. */
  capture?: boolean;
}

export type ActionType = "Authorization" | "Capture" | "Refund" | "Void";

export interface ActionRecord {
  id: string;
  payment_id: string;
  type: ActionType;
  /** Virtual time it was requested. */
  requested_at: number;
  processed_on: number | null;
  /** null while the outcome is pending (202 answered, nothing settled). */
  approved: boolean | null;
  amount: number;
  reference: string | null;
  capture_type: "Final" | "NonFinal" | null;
  request: unknown;
  response_code: string | null;
  response_summary: string | null;
}

export interface EventRecord {
  id: string;
  type: string;
  created_at: number;
  /** pay_… or pct_…: what the event is about. */
  subject_id: string;
  /** The exact bytes sent (and signed). */
  body: string;
}

export interface WorkflowAction {
  type: "webhook";
  url: string;
  headers?: Record<string, string>;
  signature?: { method?: string; key?: string };
}

export interface WorkflowRecord {
  id: string;
  name: string;
  active: boolean;
  /** Gateway event types the workflow listens to; empty means all. */
  events: string[];
  /** The conditions as they were registered, each with its id (GET /workflows/{id} shows them). */
  conditions?: ({ id: string; type: string } & Record<string, unknown>)[];
  actions: (WorkflowAction & { id?: string })[];
  created_at: number;
}

export interface DeliveryRecord {
  id: string;
  event_id: string;
  workflow_id: string;
  url: string;
  attempts: number;
  status: "pending" | "delivered" | "failed";
  last_status: number | null;
}
