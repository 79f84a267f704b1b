import "server-only";
import type { z } from "zod";
import { providerFetch, parseAnswer, type TransportFailure } from "@/lib/payments/transport";
import { KlarnaApiError, KlarnaUnavailableError, type KlarnaOperation } from "./errors";
import {
  captureSchema,
  checkoutOrderSchema,
  customerTokenCreatedSchema,
  klarnaErrorBodySchema,
  managedOrderSchema,
  orderCreatedSchema,
  sessionCreatedSchema,
  sessionReadSchema,
  type Capture,
  type CaptureRequest,
  type CheckoutOrder,
  type CheckoutOrderRequest,
  type CustomerTokenCreated,
  type CustomerTokenRequest,
  type KlarnaErrorBody,
  type ManagedOrder,
  type MerchantReferences,
  type OrderCreated,
  type OrderRequest,
  type RefundRequest,
  type SessionCreated,
  type SessionRead,
  type SessionRequest,
  type SessionUpdate,
  type ShippingInfo,
} from "./types";

export interface KlarnaClientOptions {
  /** https://api.klarna.com, https://api.playground.klarna.com, or the simulator. */
  apiUrl: string;
  username: string;
  password: string;
  /**
   * The whole Authorization header, when the credentials are not a user name and password: Kustom's API keys are
   * sent as `Basic <API key>`, unchanged (reference/kustom/notes.md §3).
   */
  authorization?: string;
  /** Limit for one call, reading the answer included. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

/**
 * Klarna performs a POST or PATCH once per key for 24 hours and answers repeats with the first result, whatever
 * their body. A retry must reuse the key of the attempt it repeats; a new operation needs a new key.
 */
export interface Idempotent {
  idempotencyKey: string;
}

export type KlarnaClient = ReturnType<typeof createKlarnaClient>;

const USER_AGENT = "klarna-storefront/0.1.0";

interface Call {
  operation: KlarnaOperation;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  body?: unknown;
  idempotencyKey?: string;
}

/** A typed client for Klarna's Payments and Order Management APIs. Every answer is validated before it is returned. */
export function createKlarnaClient(options: KlarnaClientOptions) {
  const baseUrl = options.apiUrl.replace(/\/+$/, "");
  const authorization =
    options.authorization ?? `Basic ${Buffer.from(`${options.username}:${options.password}`).toString("base64")}`;
  const fetchImpl = options.fetch ?? fetch;

  async function send(call: Call): Promise<{ response: Response; text: string; correlationId: string | undefined }> {
    const { response, text } = await providerFetch(
      {
        url: baseUrl + call.path,
        method: call.method,
        headers: {
          Authorization: authorization,
          "Content-Type": "application/json",
          Accept: "application/json",
          "User-Agent": USER_AGENT,
        },
        body: call.body,
        idempotency: call.idempotencyKey === undefined ? undefined : { header: "Klarna-Idempotency-Key", key: call.idempotencyKey },
        timeoutMs: options.timeoutMs,
        fetch: fetchImpl,
      },
      (failure) => klarnaError(call.operation, failure),
    );
    return { response, text, correlationId: response.headers.get("klarna-correlation-id") ?? undefined };
  }

  async function readJson<T>(call: Call, schema: z.ZodType<T>): Promise<T> {
    const { text, correlationId, response } = await send(call);
    return parseAnswer(
      text,
      schema,
      (detail) =>
        new KlarnaUnavailableError({ operation: call.operation, reason: "invalid-response", detail, status: response.status, correlationId }),
    );
  }

  async function noContent(call: Call): Promise<void> {
    await send(call);
  }

  /** Captures and refunds answer 201 with the new id in a header and no body. */
  async function created(call: Call, idHeader: "Capture-Id" | "Refund-Id"): Promise<string> {
    const { response, correlationId } = await send(call);
    const id = response.headers.get(idHeader) || lastPathSegment(response.headers.get("location"), baseUrl);
    if (!id) {
      throw new KlarnaUnavailableError({
        operation: call.operation,
        reason: "invalid-response",
        detail: `neither ${idHeader} nor Location names the new id`,
        status: response.status,
        correlationId,
      });
    }
    return id;
  }

  return {
    /** Kustom Checkout (Checkout API v3): the hosted checkout's orders, until they complete. */
    checkout: {
      async createOrder(request: CheckoutOrderRequest): Promise<CheckoutOrder> {
        const path = "/checkout/v3/orders";
        return readJson({ operation: "checkout.createOrder", method: "POST", path, body: request }, checkoutOrderSchema);
      },

      async readOrder(orderId: string): Promise<CheckoutOrder> {
        const path = `/checkout/v3/orders/${segment(orderId)}`;
        return readJson({ operation: "checkout.readOrder", method: "GET", path }, checkoutOrderSchema);
      },

      /** Only while `checkout_incomplete`; Kustom refuses to change a completed order. */
      async updateOrder(orderId: string, request: Partial<CheckoutOrderRequest>): Promise<CheckoutOrder> {
        const path = `/checkout/v3/orders/${segment(orderId)}`;
        return readJson({ operation: "checkout.updateOrder", method: "POST", path, body: request }, checkoutOrderSchema);
      },

      async abortOrder(orderId: string): Promise<void> {
        const path = `/checkout/v3/orders/${segment(orderId)}/abort`;
        return noContent({ operation: "checkout.abortOrder", method: "POST", path });
      },
    },

    payments: {
      async createSession(request: SessionRequest): Promise<SessionCreated> {
        return readJson(
          { operation: "payments.createSession", method: "POST", path: "/payments/v1/sessions", body: request },
          sessionCreatedSchema,
        );
      },

      async readSession(sessionId: string): Promise<SessionRead> {
        const path = `/payments/v1/sessions/${segment(sessionId)}`;
        return readJson({ operation: "payments.readSession", method: "GET", path }, sessionReadSchema);
      },

      async updateSession(sessionId: string, request: SessionUpdate): Promise<void> {
        const path = `/payments/v1/sessions/${segment(sessionId)}`;
        return noContent({ operation: "payments.updateSession", method: "POST", path, body: request });
      },

      async placeOrder(authorizationToken: string, request: OrderRequest): Promise<OrderCreated> {
        const path = `/payments/v1/authorizations/${segment(authorizationToken)}/order`;
        return readJson({ operation: "payments.placeOrder", method: "POST", path, body: request }, orderCreatedSchema);
      },

      async cancelAuthorization(authorizationToken: string): Promise<void> {
        const path = `/payments/v1/authorizations/${segment(authorizationToken)}`;
        return noContent({ operation: "payments.cancelAuthorization", method: "DELETE", path });
      },

      async createCustomerToken(
        authorizationToken: string,
        request: CustomerTokenRequest,
      ): Promise<CustomerTokenCreated> {
        const path = `/payments/v1/authorizations/${segment(authorizationToken)}/customer-token`;
        return readJson(
          { operation: "payments.createCustomerToken", method: "POST", path, body: request },
          customerTokenCreatedSchema,
        );
      },
    },

    orders: {
      async get(orderId: string): Promise<ManagedOrder> {
        return readJson({ operation: "orders.get", method: "GET", path: orderPath(orderId) }, managedOrderSchema);
      },

      /** Stops Klarna's push retries. Acknowledging twice is harmless, so the key is optional here. */
      async acknowledge(orderId: string, options?: Partial<Idempotent>): Promise<void> {
        return noContent({
          operation: "orders.acknowledge",
          method: "POST",
          path: `${orderPath(orderId)}/acknowledge`,
          idempotencyKey: options?.idempotencyKey === undefined ? undefined : checkedKey(options.idempotencyKey),
        });
      },

      async capture(orderId: string, request: CaptureRequest, options: Idempotent): Promise<{ captureId: string }> {
        const captureId = await created(
          {
            operation: "orders.capture",
            method: "POST",
            path: `${orderPath(orderId)}/captures`,
            body: request,
            idempotencyKey: checkedKey(options.idempotencyKey),
          },
          "Capture-Id",
        );
        return { captureId };
      },

      async getCapture(orderId: string, captureId: string): Promise<Capture> {
        const path = `${orderPath(orderId)}/captures/${segment(captureId)}`;
        return readJson({ operation: "orders.getCapture", method: "GET", path }, captureSchema);
      },

      async addShippingInfo(
        orderId: string,
        captureId: string,
        shippingInfo: readonly ShippingInfo[],
        options: Idempotent,
      ): Promise<void> {
        return noContent({
          operation: "orders.addShippingInfo",
          method: "POST",
          path: `${orderPath(orderId)}/captures/${segment(captureId)}/shipping-info`,
          body: { shipping_info: shippingInfo },
          idempotencyKey: checkedKey(options.idempotencyKey),
        });
      },

      async refund(orderId: string, request: RefundRequest, options: Idempotent): Promise<{ refundId: string }> {
        const refundId = await created(
          {
            operation: "orders.refund",
            method: "POST",
            path: `${orderPath(orderId)}/refunds`,
            body: request,
            idempotencyKey: checkedKey(options.idempotencyKey),
          },
          "Refund-Id",
        );
        return { refundId };
      },

      async cancel(orderId: string, options: Idempotent): Promise<void> {
        return noContent({
          operation: "orders.cancel",
          method: "POST",
          path: `${orderPath(orderId)}/cancel`,
          idempotencyKey: checkedKey(options.idempotencyKey),
        });
      },

      async releaseRemainingAuthorization(orderId: string, options: Idempotent): Promise<void> {
        return noContent({
          operation: "orders.releaseRemainingAuthorization",
          method: "POST",
          path: `${orderPath(orderId)}/release-remaining-authorization`,
          idempotencyKey: checkedKey(options.idempotencyKey),
        });
      },

      async extendAuthorizationTime(orderId: string, options: Idempotent): Promise<void> {
        return noContent({
          operation: "orders.extendAuthorizationTime",
          method: "POST",
          path: `${orderPath(orderId)}/extend-authorization-time`,
          idempotencyKey: checkedKey(options.idempotencyKey),
        });
      },

      async updateMerchantReferences(
        orderId: string,
        references: MerchantReferences,
        options: Idempotent,
      ): Promise<void> {
        return noContent({
          operation: "orders.updateMerchantReferences",
          method: "PATCH",
          path: `${orderPath(orderId)}/merchant-references`,
          body: references,
          idempotencyKey: checkedKey(options.idempotencyKey),
        });
      },
    },
  };
}

function orderPath(orderId: string): string {
  return `/ordermanagement/v1/orders/${segment(orderId)}`;
}

/**
 * Encodes an id as one path segment. "." and ".." would survive encoding and be resolved by URL parsing, turning
 * /captures/../shipping-info into a different endpoint, so they are refused like an empty id.
 */
function segment(id: string): string {
  if (id === "" || id === "." || id === "..") throw new TypeError(`${JSON.stringify(id)} is not a Klarna id`);
  return encodeURIComponent(id);
}

/** Refused before sending: without a usable key a retried capture or refund could happen twice. */
function checkedKey(key: string): string {
  if (typeof key !== "string" || !/^[\x21-\x7e]+$/.test(key)) {
    throw new TypeError("Klarna-Idempotency-Key must be a non-empty string of visible ASCII characters");
  }
  return key;
}

function lastPathSegment(location: string | null, baseUrl: string): string | undefined {
  if (!location) return undefined;
  try {
    const last = new URL(location, baseUrl).pathname.split("/").filter(Boolean).at(-1);
    return last === undefined ? undefined : decodeURIComponent(last);
  } catch {
    return undefined;
  }
}

function errorDetail(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  // Node's fetch reports "fetch failed" and keeps the reason (ECONNREFUSED, ENOTFOUND…) in its cause.
  return cause.cause instanceof Error ? `${cause.message}: ${cause.cause.message}` : cause.message;
}

function refusal(operation: KlarnaOperation, status: number, text: string, headerCorrelationId: string | undefined) {
  const body = errorBody(text);
  return new KlarnaApiError({
    operation,
    status,
    errorCode: body?.error_code,
    errorMessages: body?.error_messages,
    correlationId: body?.correlation_id ?? headerCorrelationId,
  });
}

/** Klarna's error body when there is one; some refusals (a bare 403 from Payments) come without. */
function errorBody(text: string): KlarnaErrorBody | undefined {
  try {
    const parsed = klarnaErrorBodySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The shared transport's failures as Klarna's errors. */
function klarnaError(operation: KlarnaOperation, failure: TransportFailure): Error {
  if (failure.kind === "unreachable") {
    return new KlarnaUnavailableError({ operation, reason: failure.reason, detail: failure.reason === "timeout" ? failure.detail : errorDetail(failure.cause), cause: failure.cause });
  }
  const correlationId = failure.response.headers.get("klarna-correlation-id") ?? undefined;
  if (failure.kind === "refused") return refusal(operation, failure.status, failure.text, correlationId);
  return new KlarnaUnavailableError({ operation, reason: failure.reason, detail: `HTTP ${failure.status}`, status: failure.status, correlationId });
}
