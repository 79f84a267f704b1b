import type { CategoryId } from "./markets";
import type { Persona } from "./personas";
import type { KustomCheckoutOrder } from "./kustom/checkout-schemas";
import type { Address, Customer, MerchantUrls, OmOrderLine, OrderLine, SessionCreate, ShippingInfo } from "./schemas";

// What the simulator stores, as JSON documents in SQLite. Times are virtual epoch milliseconds.

export interface SessionRecord {
  session_id: string;
  created_at: number;
  expires_at: number;
  client_token: string;
  status: "incomplete" | "complete";
  authorization_token?: string;
  order_id?: string;
  /** The merchant's data, normalised (upper-case country and currency, a locale). */
  data: SessionCreate & { locale: string };
}

export type AuthorizationStatus = "active" | "consumed" | "cancelled" | "replaced";

export interface AuthorizationRecord {
  token: string;
  session_id: string;
  created_at: number;
  expires_at: number;
  status: AuthorizationStatus;
  category: CategoryId;
  email: string;
  persona: Persona;
  /** The order as the shopper approved it; the order placed with this token must match. */
  snapshot: SessionRecord["data"];
  order_id?: string;
  /** Hash of the create-order body, so a repeat with the same body returns the same order. */
  order_fingerprint?: string;
}

export interface CaptureRecord {
  capture_id: string;
  klarna_reference: string;
  captured_amount: number;
  captured_at: number;
  reference?: string;
  /** Shown to the customer (ordermanagement-v1 CaptureObject.description, Capture.description). */
  description?: string;
  order_lines: OmOrderLine[];
  shipping_info: ShippingInfo[];
  billing_address?: Address;
  shipping_address?: Address;
  due_date_extended_days?: number;
}

export interface RefundRecord {
  refund_id: string;
  refunded_amount: number;
  refunded_at: number;
  reference?: string;
  /** ordermanagement-v1 RefundObject.description, Refund.description. */
  description?: string;
  order_lines: OmOrderLine[];
}

export type FraudStatus = "ACCEPTED" | "PENDING" | "REJECTED";

/** The API (and base URL) an order belongs to; Order Management shows it only there. */
export type OrderApi = "klarna" | "kustom";

export interface OrderRecord {
  order_id: string;
  /** Absent on orders stored before Kustom existed: those are Klarna's. */
  api?: OrderApi;
  session_id: string;
  authorization_token: string;
  klarna_reference: string;
  created_at: number;
  expires_at: number;
  purchase_country: string;
  purchase_currency: string;
  locale: string;
  order_amount: number;
  original_order_amount: number;
  order_tax_amount: number;
  order_lines: (OrderLine | OmOrderLine)[];
  billing_address?: Address;
  shipping_address?: Address;
  customer?: Customer;
  merchant_reference1?: string;
  merchant_reference2?: string;
  merchant_data?: string;
  merchant_urls: MerchantUrls;
  fraud_status: FraudStatus;
  authorized_payment_method: { type: string; number_of_days?: number; number_of_installments?: number };
  /** ordermanagement-v1 InitialPaymentMethodDto: type, description, number_of_installments. */
  initial_payment_method: { type: string; description?: string; number_of_installments?: number };
  cancelled: boolean;
  released: boolean;
  acknowledged_at: number | null;
  captures: CaptureRecord[];
  refunds: RefundRecord[];
  shipping_info: ShippingInfo[];
}

/** A Kustom Checkout (Checkout v3) order, from creation until the shopper completes it. */
export interface CheckoutOrderRecord {
  order_id: string;
  created_at: number;
  /** Kustom expires an incomplete checkout 48 hours after the last merchant update or shopper interaction. */
  last_modified_at: number;
  completed_at: number | null;
  /** Aborted by the merchant (POST …/abort): read-only from then on. */
  aborted_at: number | null;
  /** The merchant's order, as sent on create and update (upper-case country and currency). */
  data: KustomCheckoutOrder;
}

export type JobKind = "push" | "authorization_callback" | "notification" | "klarna_network" | "extension";

export interface JobRecord {
  id: number;
  kind: JobKind;
  due_at: number;
  status: "pending" | "running" | "done" | "cancelled";
  order_id: string | null;
  session_id: string | null;
  attempt: number;
  payload: JobPayload;
}

export type JobPayload =
  | { kind: "push" }
  | { kind: "authorization_callback"; url: string; authorization_token: string }
  | { kind: "notification"; event_type: "FRAUD_RISK_ACCEPTED" | "FRAUD_RISK_REJECTED" }
  /** Klarna Network (simulator/klarna-network/): send a signed webhook delivery, or expire a request or token. */
  | { kind: "klarna_network"; task: "deliver" | "expire"; id: string }
  /** A job of a provider folder (simulator/kernel/providers.ts): which provider, what to do, and on what. */
  | { kind: "extension"; extension: string; task: string; ref: string };

export type CallbackKind = JobKind | "validation" | "webhook";

export interface CallbackAttempt {
  id: number;
  kind: CallbackKind;
  order_id: string | null;
  session_id: string | null;
  url: string;
  attempt: number;
  /** Virtual time of the attempt. */
  at: number;
  wall_at: number;
  status: number | null;
  latency_ms: number;
  error: string | null;
}
