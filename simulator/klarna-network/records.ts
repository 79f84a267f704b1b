// What the Klarna Network simulator stores, as JSON documents. Times are virtual epoch milliseconds.

export type PaymentRequestState =
  | "SUBMITTED"
  | "IN_PROGRESS"
  | "COMPLETED"
  | "EXPIRED"
  | "CANCELED"
  | "DECLINED"
  | "PENDING_CONFIRMATION"
  | "CONFIRMED";

export type StateReason =
  | "CONFIRMATION_TOKEN_EXPIRED"
  | "CUSTOMER_ACTION_REQUIRED"
  | "PARTNER_CANCELED"
  | "PAYMENT_REQUEST_SUBMITTED"
  | "PERMANENT"
  | "PURCHASE_FLOW_ABORTED"
  | "STEP_UP_REQUIRED"
  | "TECHNICAL_ERROR";

/**
 * How a completed journey ends, decided by how the request was made (the simulator's definition, see README):
 * - `confirmation`: created under `/v2/accounts/{account_id}/payment/requests` (merchant, older flow) → PENDING_CONFIRMATION
 *   with a `payment_confirmation_token`, then confirmed;
 * - `session`: a step-up from authorize, or `/v2/payment/requests` (current flow) → COMPLETED with a
 *   `klarna_network_session_token` (and the older `payment_token`), then authorized.
 */
export type RequestFlow = "confirmation" | "session";

export interface LineItem {
  name: string;
  quantity: number;
  unit_price: number;
  total_amount: number;
  line_item_reference?: string;
  subscription_reference?: string;
}

export interface NetworkAddress {
  street_address?: string;
  street_address2?: string;
  postal_code?: string;
  city?: string;
  region?: string;
  country?: string;
}

export interface CustomerProfile {
  given_name: string;
  family_name: string;
  email: string;
  phone?: string;
  address: NetworkAddress;
}

export interface IssuedToken {
  value: string;
  expires_at: number;
  /** Set once a transaction was made with it. */
  transaction_id?: string;
  /** The final authorize's answer (JSON), replayed when the same token comes again. */
  answer?: string;
}

/** A token is single-use: once confirmed or authorized (whatever the result) it only replays its answer. */
export const tokenUsed = (token: IssuedToken | undefined) =>
  token !== undefined && (token.transaction_id !== undefined || token.answer !== undefined);

export interface PaymentRequestRecord {
  payment_request_id: string;
  /** The uuid part, used in the hosted journey's URL. */
  uuid: string;
  account_id: string | null;
  flow: RequestFlow;
  payment_request_reference?: string;
  currency: string;
  amount: number;
  supplementary_purchase_data?: { purchase_reference?: string; line_items?: LineItem[] };
  customer_interaction_config: { method: "HANDOVER"; return_url?: string; app_return_url?: string };
  request_customer_token?: {
    scopes: ("payment:customer_present" | "payment:customer_not_present" | "customer:login")[];
    customer_token_reference?: string;
  };
  state: PaymentRequestState;
  previous_state?: PaymentRequestState;
  state_reason?: StateReason;
  created_at: number;
  updated_at: number;
  expires_at: number;
  /** The shopper who went through the journey. */
  customer?: CustomerProfile;
  token?: IssuedToken;
  /** Issued at completion when `request_customer_token` asked for one. */
  customer_token?: string;
  /** For a step-up from authorize: the transaction the final authorize must create. */
  authorize?: { amount: number; payment_transaction_reference?: string };
  /** A step-up asked for by a final authorize: its token is approved without another step-up. */
  stepped_up?: boolean;
  /** Where the shopper is in the hosted journey once they gave their e-mail. */
  journey_step?: "code" | "verify";
}

export type TransactionState = "AUTHORIZED" | "EXPIRED" | "COMPLETED" | "CLOSED";

export interface CaptureRecord {
  payment_capture_id: string;
  capture_amount: number;
  payment_capture_reference?: string;
  line_items: LineItem[];
  shipping: { tracking_number?: string; tracking_url?: string; shipping_carrier?: string }[];
  created_at: number;
}

export interface RefundRecord {
  payment_refund_id: string;
  refund_amount: number;
  payment_refund_reference?: string;
  payment_capture_id?: string;
  line_items: LineItem[];
  created_at: number;
}

export interface TransactionRecord {
  payment_transaction_id: string;
  account_id: string;
  payment_transaction_reference?: string;
  payment_request_id: string;
  currency: string;
  amount: number;
  line_items: LineItem[];
  purchase_reference?: string;
  customer: CustomerProfile;
  created_at: number;
  /** Capture before this, or the transaction expires (EXPIRED, then CLOSED or COMPLETED 7 days later). */
  expires_at: number;
  captures: CaptureRecord[];
  refunds: RefundRecord[];
  voided_at?: number;
  /** Captures, refunds and voids so far (Klarna allows 500 in all). */
  actions: number;
}

export interface SigningKeyRecord {
  signing_key_id: string;
  signing_key: string;
  created_at: number;
}

export interface WebhookRecord {
  webhook_id: string;
  url: string;
  event_types: string[];
  event_version: string;
  signing_key_id: string;
  status: "ENABLED" | "DISABLED";
  created_at: number;
}

export interface DeliveryRecord {
  delivery_id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  /** The payment request or transaction the event is about. */
  subject: string;
  /** The exact bytes that are signed and sent. */
  body: string;
  created_at: number;
  attempts: number;
  state: "pending" | "delivered" | "failed";
  last_status: number | null;
  last_error: string | null;
}
