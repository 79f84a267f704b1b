import type { z } from "zod";
import { parseAnswer, parseErrorBody, providerFetch, type TransportFailure } from "../transport";
import { NetworkApiError, NetworkUnavailableError, type NetworkOperation } from "./errors";
import {
  authorizeAnswerSchema,
  confirmAnswerSchema,
  networkErrorBodySchema,
  paymentCaptureSchema,
  paymentRefundSchema,
  paymentRequestSchema,
  paymentTransactionSchema,
  webhookListSchema,
  webhookSchema,
  type AuthorizeAnswer,
  type ConfirmAnswer,
  type LineItem,
  type PaymentCapture,
  type PaymentRefund,
  type PaymentRequest,
  type PaymentTransaction,
} from "./types";

export interface NetworkClientOptions {
  /** https://api-global.test.klarna.com, https://api-global.klarna.com, or the simulator's /klarna-network. */
  apiUrl: string;
  apiKey: string;
  accountId: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** Klarna acts once per key for 24 hours and answers a repeat with the first result (notes.md §7). */
export interface Idempotent {
  idempotencyKey: string;
}

export interface SupplementaryPurchaseData {
  purchase_reference?: string;
  line_items?: LineItem[];
}

export interface InteractionConfig {
  method: "HANDOVER";
  return_url: string;
}

export interface RequestCustomerToken {
  scopes: ("payment:customer_present" | "payment:customer_not_present")[];
  customer_token_reference?: string;
}

/**
 * The merchant's payment request in the confirmation-token revision of Klarna's docs (reference/seeds/002_77eec189f7ef5cc3.txt
 * names the flow: PENDING_CONFIRMATION, payment_confirmation_token, confirm with `payment_amount`). That revision
 * creates the request with the Web SDK's `PaymentRequestData` (docs.klarna.com/websdk/v1-r6/types/payment.PaymentRequestData.html:
 * `paymentAmount` required, `currency`, `lineItems`, `merchantReference`, `paymentReference`, `config`), sent by the
 * server in the API's snake_case, under the account as the confirm call is
 * (reference/klarna-network/notes.md §3; "Klarna payment button cannot be initiated" in
 * docs.klarna.com/klarna-network-distribution/process-payments/web-payments/use-cases/ prints the same fields).
 */
export interface CreatePaymentRequest {
  /** ISO 4217 (PaymentRequestData.currency). */
  currency: string;
  /** Total in minor units; the line items, if any, add up to it (PaymentRequestData.paymentAmount, lineItems). */
  payment_amount: number;
  /** The store's checkout id, echoed in payment request webhooks (PaymentRequestData.paymentReference). */
  payment_reference: string;
  /** The order number the shopper sees in the Klarna app and settlement reports (PaymentRequestData.merchantReference). */
  merchant_reference?: string;
  line_items?: LineItem[];
  /**
   * `redirect_url` is required for the redirect journey; it may hold `{klarna.payment_request.id}` and
   * `{klarna.payment_request.payment_confirmation_token}` (docs.klarna.com/websdk/v1-r6/types/payment.PaymentRequestConfig.html).
   */
  config: { redirect_url: string };
  /**
   * A customer token for next time. Seed 002 says a tokenized confirm answers `klarna_customer.customer_token`; the
   * request field is the current revision's name (reference/klarna-network/notes.md §9): UNVERIFIED for this revision.
   */
  request_customer_token?: RequestCustomerToken;
}

/**
 * The acquiring partner's Payment Authorize body (reference/seeds/003_3b10e5c93c9b4842.txt and
 * reference/klarna-network/notes.md §2). The final call after a step-up sends only `currency` and
 * `request_payment_transaction` (003: "the amount parameter is sent through this object"), the token in a header.
 */
export interface AuthorizeRequest {
  /** ISO 4217 (003: "Currency in ISO 4217 format"). */
  currency: string;
  /** First call only: purchase_reference and line items (notes.md §2 step 1). */
  supplementary_purchase_data?: SupplementaryPurchaseData;
  /** `amount` in minor units and the store's reference, echoed on the transaction (003's example). */
  request_payment_transaction: { amount: number; payment_transaction_reference: string };
  /** First call only: where a step-up sends the shopper and back (notes.md §2 step 1: method HANDOVER, return_url). */
  step_up_config?: { payment_request_reference: string; customer_interaction_config: InteractionConfig };
  /** A customer token for next time (notes.md §9). */
  request_customer_token?: RequestCustomerToken;
}

/*
 * Capture and refund bodies: field names from reference/klarna-network/notes.md §5 (capture with line items and
 * shipping tracking; refund by capture or by transaction with line items); their paths are x-unverified in
 * reference/klarna-network/klarna-network-payments-v2.openapi.yaml.
 */
export interface CaptureRequest {
  capture_amount: number;
  payment_capture_reference?: string;
  line_items?: LineItem[];
  shipping?: { tracking_number?: string; tracking_url?: string; shipping_carrier?: string }[];
}

export interface RefundRequest {
  refund_amount: number;
  payment_refund_reference?: string;
  line_items?: LineItem[];
}

interface Call {
  operation: NetworkOperation;
  method: "GET" | "POST" | "DELETE";
  path: string;
  body?: unknown;
  idempotencyKey?: string;
  headers?: Record<string, string>;
}

export type NetworkClient = ReturnType<typeof createNetworkClient>;

/** A typed client for Klarna's Network API v2. Every answer is validated before it is returned. */
export function createNetworkClient(options: NetworkClientOptions) {
  const baseUrl = options.apiUrl.replace(/\/+$/, "");
  const fetchImpl = options.fetch ?? fetch;
  const account = `/v2/accounts/${segment(options.accountId)}`;

  async function send<T>(call: Call, schema: z.ZodType<T> | null): Promise<T | undefined> {
    const { response, text } = await providerFetch(
      {
        url: baseUrl + call.path,
        method: call.method,
        headers: {
          // The API key goes after "Basic " unchanged (notes.md §1), not base64 of user:password.
          Authorization: `Basic ${options.apiKey}`,
          Accept: "application/json",
          ...call.headers,
        },
        body: call.body,
        idempotency: call.idempotencyKey === undefined ? undefined : { header: "Klarna-Idempotency-Key", key: checkedKey(call.idempotencyKey) },
        timeoutMs: options.timeoutMs,
        fetch: fetchImpl,
      },
      (failure) => networkError(call.operation, failure),
    );
    if (schema === null) return undefined;
    const { status } = response;
    return parseAnswer(text, schema, (detail) => new NetworkUnavailableError({ operation: call.operation, detail, status }));
  }

  const read = async <T>(call: Call, schema: z.ZodType<T>): Promise<T> => (await send(call, schema)) as T;

  return {
    accountId: options.accountId,

    /** Merchant (confirmation-token revision): the request ends in PENDING_CONFIRMATION with a confirmation token. */
    async createPaymentRequest(body: CreatePaymentRequest, opts: Idempotent & { customerToken?: string }): Promise<PaymentRequest> {
      return read(
        {
          operation: "requests.create",
          method: "POST",
          path: `${account}/payment/requests`,
          body,
          idempotencyKey: opts.idempotencyKey,
          headers: opts.customerToken ? { "Klarna-Customer-Token": opts.customerToken } : undefined,
        },
        paymentRequestSchema,
      );
    },

    async readPaymentRequest(id: string): Promise<PaymentRequest> {
      return read({ operation: "requests.read", method: "GET", path: `${account}/payment/requests/${segment(id)}` }, paymentRequestSchema);
    },

    /**
     * Cancels a request the shopper abandoned: DELETE while SUBMITTED or IN_PROGRESS (and, for an acquiring partner,
     * COMPLETED until finalized) makes it CANCELED, final (reference/klarna-network/notes.md §4: Klarna asks partners
     * to cancel unsuccessful requests proactively; docs .../use-cases/cancel-a-payment-request and
     * .../acquirer/klarna-network/payment-authorization/cancel-payment-request/). The account-prefixed path is the
     * one the store uses for every request call (x-unverified in reference/klarna-network/klarna-network-payments-v2.openapi.yaml).
     */
    async cancelPaymentRequest(id: string, opts: Idempotent): Promise<PaymentRequest> {
      return read(
        { operation: "requests.cancel", method: "DELETE", path: `${account}/payment/requests/${segment(id)}`, idempotencyKey: opts.idempotencyKey },
        paymentRequestSchema,
      );
    },

    /**
     * POST /v2/accounts/{account_id}/payment/confirmation-tokens/{token}/confirm: `currency` and `payment_amount` are
     * mandatory (reference/seeds/002_77eec189f7ef5cc3.txt); `payment_transaction_reference` is optional, echoed in the
     * transaction's webhooks (docs.klarna.com/conversion-boosters/express-checkout/.../draft: "Payments Confirmation
     * body"). The same token again answers the same result (002). The answer is read in every documented shape
     * (`confirmAnswerSchema`).
     */
    async confirm(
      token: string,
      body: { currency: string; payment_amount: number; payment_transaction_reference: string },
      opts: Idempotent,
    ): Promise<ConfirmAnswer> {
      return read(
        {
          operation: "confirm",
          method: "POST",
          path: `${account}/payment/confirmation-tokens/${segment(token)}/confirm`,
          body,
          idempotencyKey: opts.idempotencyKey,
        },
        confirmAnswerSchema,
      );
    },

    /**
     * Payment authorize. `sessionToken` goes in `Klarna-Network-Session-Token` (current name) or, with
     * `legacyTokenHeader`, in `Klarna-Payment-Token` (the older name); `customerToken` in `Klarna-Customer-Token`.
     */
    async authorize(
      body: AuthorizeRequest,
      opts: Idempotent & { sessionToken?: string; customerToken?: string; legacyTokenHeader?: boolean },
    ): Promise<AuthorizeAnswer> {
      const headers: Record<string, string> = {};
      if (opts.sessionToken) headers[opts.legacyTokenHeader ? "Klarna-Payment-Token" : "Klarna-Network-Session-Token"] = opts.sessionToken;
      if (opts.customerToken) headers["Klarna-Customer-Token"] = opts.customerToken;
      return read(
        { operation: "authorize", method: "POST", path: `${account}/payment/authorize`, body, idempotencyKey: opts.idempotencyKey, headers },
        authorizeAnswerSchema,
      );
    },

    async readTransaction(id: string): Promise<PaymentTransaction> {
      return read({ operation: "transactions.read", method: "GET", path: transactionPath(id) }, paymentTransactionSchema);
    },

    async capture(id: string, body: CaptureRequest, opts: Idempotent): Promise<PaymentCapture> {
      return read(
        { operation: "transactions.capture", method: "POST", path: `${transactionPath(id)}/captures`, body, idempotencyKey: opts.idempotencyKey },
        paymentCaptureSchema,
      );
    },

    /** By capture (up to what it has left) or, without `captureId`, by transaction with line items. */
    async refund(id: string, body: RefundRequest, opts: Idempotent & { captureId?: string }): Promise<PaymentRefund> {
      const path = opts.captureId ? `${transactionPath(id)}/captures/${segment(opts.captureId)}/refunds` : `${transactionPath(id)}/refunds`;
      return read({ operation: "transactions.refund", method: "POST", path, body, idempotencyKey: opts.idempotencyKey }, paymentRefundSchema);
    },

    async void(id: string, opts: Idempotent): Promise<PaymentTransaction> {
      return read(
        { operation: "transactions.void", method: "POST", path: `${transactionPath(id)}/void`, idempotencyKey: opts.idempotencyKey },
        paymentTransactionSchema,
      );
    },

    async listWebhooks() {
      return (await read({ operation: "webhooks.list", method: "GET", path: "/v2/notification/webhooks" }, webhookListSchema)).webhooks;
    },

    async createWebhook(
      body: { url: string; event_types: string[]; event_version: "v2"; signing_key_id: string; status: "ENABLED" },
      opts: Idempotent,
    ) {
      return read(
        { operation: "webhooks.create", method: "POST", path: "/v2/notification/webhooks", body, idempotencyKey: opts.idempotencyKey },
        webhookSchema,
      );
    },
  };

  function transactionPath(id: string): string {
    return `${account}/payment/transactions/${segment(id)}`;
  }
}

/** One path segment; "." and ".." are refused, as URL parsing would resolve them into another endpoint. */
function segment(id: string): string {
  if (id === "" || id === "." || id === "..") throw new TypeError(`${JSON.stringify(id)} is not a Klarna id`);
  return encodeURIComponent(id);
}

/** 1 to 255 visible ASCII characters (notes.md §7): without a usable key a retry could act twice. */
function checkedKey(key: string): string {
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw new TypeError("Klarna-Idempotency-Key must be 1-255 visible ASCII characters");
  return key;
}

/** The shared transport's failures as the Network API's errors: any non-result answer (429, 5xx, 3xx) is an outage. */
function networkError(operation: NetworkOperation, failure: TransportFailure): Error {
  if (failure.kind === "unreachable") return new NetworkUnavailableError({ operation, detail: failure.detail, cause: failure.cause });
  if (failure.kind === "unavailable") return new NetworkUnavailableError({ operation, detail: `HTTP ${failure.status}`, status: failure.status });
  const body = parseErrorBody(failure.text, networkErrorBodySchema);
  return new NetworkApiError({
    operation,
    status: failure.status,
    errorType: body?.error_type,
    errorCode: body?.error_code,
    errorMessage: body?.error_message,
    errorId: body?.error_id,
  });
}
