import { Checkout } from "checkout-sdk-node";
import type { z } from "zod";
import { CheckoutComUnavailableError, fromSdkError } from "./errors";
import {
  actionAcceptedSchema,
  idResponseSchema,
  paymentActionsSchema,
  paymentContextCreatedSchema,
  paymentContextDetailsSchema,
  paymentRequestedSchema,
  paymentSchema,
  workflowSchema,
  workflowsSchema,
  type CaptureRequest,
  type PaymentContextRequest,
  type PaymentRequest,
  type RefundRequest,
  type VoidRequest,
} from "./types";

export interface CheckoutComClientOptions {
  /** Checkout.com's API base (https://{prefix}.api.sandbox.checkout.com) or the simulator's /checkout-com. */
  apiUrl: string;
  /** A NAS secret key (sk_sbox_… / sk_…), which the SDK sends as a Bearer token. */
  secretKey: string;
  /** Limit for one call, reading the answer included. */
  timeoutMs: number;
}

/**
 * The SDK reads these itself, before any option, and then silently replaces the key the store passes
 * (auth-builder.js `build`, notes.md §3). The store refuses to start a client while one is set.
 */
export const SDK_ENVIRONMENT_VARIABLES = ["CKO_SECRET", "CKO_SECRET_KEY", "CKO_PUBLIC_KEY", "CKO_CLIENT", "CKO_SCOPE", "CKO_ENVIRONMENT"] as const;

export class SdkEnvironmentError extends Error {
  constructor(readonly variables: string[]) {
    super(
      `${variables.join(", ")} ${variables.length === 1 ? "is" : "are"} set: checkout-sdk-node would use ${variables.length === 1 ? "it" : "them"} ` +
        "instead of CHECKOUT_COM_SECRET_KEY. Unset them; the store reads only CHECKOUT_COM_* variables.",
    );
    this.name = "SdkEnvironmentError";
  }
}

export type CheckoutComClient = ReturnType<typeof createCheckoutComClient>;

/** A typed client for the Checkout.com calls a Klarna storefront makes, through the official SDK. */
export function createCheckoutComClient(options: CheckoutComClientOptions, environment: Record<string, string | undefined> = process.env) {
  const present = SDK_ENVIRONMENT_VARIABLES.filter((name) => environment[name] !== undefined && environment[name] !== "");
  if (present.length > 0) throw new SdkEnvironmentError(present);
  const sdk = new Checkout(options.secretKey, { host: options.apiUrl.replace(/\/+$/, "") });

  /**
   * The SDK's fetch path has no timeout or abort signal (services/http.js), so a hanging server would hang the
   * store: every call races a timer. The request itself cannot be aborted; its answer is discarded.
   */
  async function call<T extends z.ZodType>(operation: string, schema: T, run: () => Promise<unknown>): Promise<z.infer<T>> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CheckoutComUnavailableError(operation, `no answer in ${options.timeoutMs} ms`)), options.timeoutMs);
    });
    let body: unknown;
    try {
      body = await Promise.race([run(), timeout]);
    } catch (error) {
      throw fromSdkError(operation, error);
    } finally {
      clearTimeout(timer);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new CheckoutComUnavailableError(operation, `unexpected answer: ${parsed.error.issues.map((issue) => issue.path.join(".") + " " + issue.message).join("; ")}`);
    }
    return parsed.data;
  }

  // The bundled typing declares request(body) only; the JS takes the idempotency key as its second argument.
  const requestContext = sdk.paymentContexts.request as unknown as (body: object, idempotencyKey?: string) => Promise<unknown>;

  return {
    requestPaymentContext: (body: PaymentContextRequest, idempotencyKey: string) =>
      call("payment context", paymentContextCreatedSchema, () => requestContext.call(sdk.paymentContexts, body, idempotencyKey)),
    getPaymentContext: (id: string) => call("read payment context", paymentContextDetailsSchema, () => sdk.paymentContexts.get(id)),
    requestPayment: (body: PaymentRequest, idempotencyKey: string) =>
      call("payment", paymentRequestedSchema, () => sdk.payments.request(body, idempotencyKey)),
    getPayment: (id: string) => call("read payment", paymentSchema, () => sdk.payments.get(id)),
    getPaymentActions: (id: string) => call("read payment actions", paymentActionsSchema, () => sdk.payments.getActions(id)),
    capture: (id: string, body: CaptureRequest, idempotencyKey: string) =>
      call("capture", actionAcceptedSchema, () => sdk.payments.capture(id, body, idempotencyKey)),
    refund: (id: string, body: RefundRequest, idempotencyKey: string) =>
      call("refund", actionAcceptedSchema, () => sdk.payments.refund(id, body, idempotencyKey)),
    void: (id: string, body: VoidRequest, idempotencyKey: string) =>
      call("void", actionAcceptedSchema, () => sdk.payments.void(id, body, idempotencyKey)),
    listWorkflows: () => call("list workflows", workflowsSchema, () => sdk.workflows.getAll()),
    getWorkflow: (id: string) => call("read workflow", workflowSchema, () => sdk.workflows.get(id)),
    addWorkflow: (body: object) => call("add workflow", idResponseSchema, () => sdk.workflows.add(body)),
  };
}
