import type { Core } from "../core";
import { DAY, HOUR, MINUTE, iso } from "../core";
import { marketFor } from "../markets";
import { CheckoutComError, invalid, notAllowed, notFound } from "./errors";
import type { CheckoutComFaults } from "./faults";
import { newId } from "./ids";
import { klarnaMessage, succeeded, type KlarnaBridge } from "./klarna-bridge";
import type { ActionRecord, ActionType, ContextRecord, PaymentRecord, PaymentStatus, PaymentType } from "./records";
import type { CheckoutComRepository } from "./repository";
import {
  captureRequestSchema,
  paymentContextRequestSchema,
  paymentRequestSchema,
  refundRequestSchema,
  voidRequestSchema,
  type PaymentContextRequest,
} from "./schemas";
import type { WebhookSender } from "./webhooks";

/** A payment context pays within 48 hours, like the Klarna session behind it. */
export const CONTEXT_TTL_MS = 48 * HOUR;
/** Klarna's authorization period: what is not captured within 28 days expires. */
const AUTHORIZATION_MS = 28 * DAY;
/** "Once the payment context is approved, the approval is valid for 60 minutes" (reference/seeds/004_6e27f3ac1c8818d9.txt). */
export const APPROVAL_WINDOW_MS = 60 * MINUTE;

export interface CheckoutComSettings {
  secretKey: string;
  processingChannelId: string;
  /** Virtual time between a 202 for a capture/refund/void and its outcome. */
  settleDelayMs: number;
  /** Virtual time between a payment's 202 Pending and the partner's decision (payment_approved / payment_declined). */
  decideDelayMs: number;
}

export interface CheckoutComDeps {
  core: Core;
  repo: CheckoutComRepository;
  klarna: KlarnaBridge;
  faults: CheckoutComFaults;
  webhooks: WebhookSender;
  settings: CheckoutComSettings;
}

type Parsed<T> = { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[] }[] } };

function parse<T>(schema: { safeParse(value: unknown): Parsed<T> }, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw invalid(...result.error.issues.map((issue) => `${issue.path.map(String).join("_") || "body"}_invalid`));
  }
  return result.data;
}

const sign = (item: { type?: string | undefined }) => (item.type === "discount" ? -1 : 1);

/** The Klarna order lines Checkout.com sends for a context: items, then shipping, order discount and sales tax. */
function klarnaLines(request: PaymentContextRequest) {
  const items = request.items ?? [];
  const lines: Record<string, unknown>[] = items.map((item) => ({
    type: item.type === "discount" ? "discount" : item.type ?? "physical",
    reference: item.reference,
    name: item.name,
    quantity: item.quantity,
    unit_price: sign(item) * item.unit_price,
    tax_rate: item.tax_rate ?? 0,
    total_amount: sign(item) * item.total_amount,
    total_discount_amount: item.discount_amount ?? 0,
    total_tax_amount: sign(item) * (item.tax_amount ?? 0),
    ...(item.image_url ? { image_url: item.image_url } : {}),
    ...(item.url ? { product_url: item.url } : {}),
  }));
  const processing = request.processing ?? {};
  const shipping = processing.shipping_amount ?? 0;
  const discount = processing.discount_amount ?? 0;
  const flat = (type: string, reference: string, name: string, amount: number) => ({
    type, reference, name, quantity: 1, unit_price: amount, tax_rate: 0, total_amount: amount,
    total_discount_amount: 0, total_tax_amount: 0,
  });
  if (shipping > 0) lines.push(flat("shipping_fee", "shipping", "Shipping", shipping));
  if (discount > 0) lines.push(flat("discount", "discount", "Discount", -discount));
  const itemsTotal = items.reduce((sum, item) => sum + sign(item) * item.total_amount, 0);
  const salesTax = request.amount - (itemsTotal + shipping - discount);
  if (salesTax > 0) lines.push({ ...flat("sales_tax", "sales-tax", "Sales tax", salesTax), total_tax_amount: salesTax });
  return lines;
}

/** Checkout.com's checks on a Klarna context's numbers (the issue's rules), as error codes. */
function contextProblems(request: PaymentContextRequest, settings: CheckoutComSettings): string[] {
  const problems: string[] = [];
  if (request.source.type !== "klarna") problems.push("payment_source_not_supported");
  if (!request.processing_channel_id) problems.push("processing_channel_id_required");
  else if (request.processing_channel_id !== settings.processingChannelId) problems.push("processing_channel_id_invalid");
  const country = request.source.account_holder?.billing_address?.country?.toUpperCase();
  const market = country ? marketFor(country) : undefined;
  if (!country) problems.push("billing_country_required");
  else if (!market) problems.push("billing_country_invalid");
  else if (market.currency !== request.currency.toUpperCase()) problems.push("currency_not_supported");
  const items = request.items ?? [];
  if (items.length === 0) problems.push("items_required");
  items.forEach((item, index) => {
    if (item.total_amount !== item.quantity * item.unit_price - (item.discount_amount ?? 0)) {
      problems.push(`items[${index}]_total_amount_invalid`);
    }
    if (item.tax_rate !== undefined && item.tax_amount !== undefined) {
      const expected = Math.round((item.tax_rate * item.total_amount) / (10_000 + item.tax_rate));
      if (Math.abs(item.tax_amount - expected) > 1) problems.push(`items[${index}]_tax_amount_invalid`);
    }
  });
  const processing = request.processing ?? {};
  const expected =
    items.reduce((sum, item) => sum + sign(item) * item.total_amount, 0) +
    (processing.shipping_amount ?? 0) -
    (processing.discount_amount ?? 0);
  const itemTax = items.reduce((sum, item) => sum + sign(item) * (item.tax_amount ?? 0), 0);
  // Tax-exclusive markets (US sales tax) add the tax on top; elsewhere it is contained in the amounts.
  const salesTax = (processing.tax_amount ?? 0) - itemTax;
  if (request.amount !== expected && !(salesTax > 0 && request.amount === expected + salesTax)) {
    problems.push("amount_invalid");
  }
  return problems;
}

export class CheckoutComService {
  constructor(private readonly deps: CheckoutComDeps) {}

  private get now() {
    return this.deps.core.clock.now();
  }

  /** POST /payment-contexts: validates, opens the Klarna session, answers 201 with its client token. */
  async createContext(body: unknown) {
    const request = parse(paymentContextRequestSchema, body);
    const problems = contextProblems(request, this.deps.settings);
    if (problems.length > 0) throw invalid(...problems);
    const country = request.source.account_holder!.billing_address!.country!.toUpperCase();
    const holder = request.source.account_holder;
    const lines = klarnaLines(request);
    const address = {
      given_name: holder?.first_name,
      family_name: holder?.last_name,
      email: holder?.email,
      street_address: holder?.billing_address?.address_line1,
      street_address2: holder?.billing_address?.address_line2,
      postal_code: holder?.billing_address?.zip,
      city: holder?.billing_address?.city,
      region: holder?.billing_address?.state,
      country,
    };
    const session = await this.deps.klarna("POST", "/payments/v1/sessions", {
      purchase_country: country,
      purchase_currency: request.currency.toUpperCase(),
      locale: request.processing?.locale ?? marketFor(country)?.locale,
      order_amount: request.amount,
      order_tax_amount: lines.reduce((sum, line) => sum + Number(line.total_tax_amount), 0),
      order_lines: lines,
      billing_address: address,
      merchant_reference1: request.reference,
      ...(request.processing?.custom_payment_method_ids
        ? { custom_payment_method_ids: request.processing.custom_payment_method_ids }
        : {}),
    });
    if (!succeeded(session)) throw invalid("partner_request_invalid", klarnaMessage(session));
    const { session_id: sessionId, client_token: clientToken } = session.body as { session_id: string; client_token: string };
    const context: ContextRecord = {
      id: newId("pct"),
      created_at: this.now,
      request,
      klarna_session_id: sessionId,
      client_token: clientToken,
      approved_at: null,
      authorization_token: null,
      payment_id: null,
    };
    this.deps.repo.insertContext(context);
    return {
      id: context.id,
      partner_metadata: { session_id: sessionId, client_token: clientToken },
      _links: { self: { href: `${this.base}/payment-contexts/${context.id}` } },
    };
  }

  /** Klarna told Checkout.com the shopper authorized: the context is Approved (and a webhook says so). */
  sessionAuthorized(sessionId: string, authorizationToken: string): void {
    const context = this.deps.repo.contextForSession(sessionId);
    if (!context) return;
    this.deps.repo.saveContext({ ...context, approved_at: this.now, authorization_token: authorizationToken });
    this.deps.webhooks.emit("payment_context_approved", context.id, {
      id: context.id,
      amount: context.request.amount,
      currency: context.request.currency,
      reference: context.request.reference,
      processing: { partner_session_id: sessionId },
    });
  }

  getContext(id: string) {
    const context = this.deps.repo.getContext(id);
    if (!context) throw notFound();
    return {
      id: context.id,
      status: context.approved_at === null ? "Created" : "Approved",
      payment_request: context.request,
      partner_metadata: {
        session_id: context.klarna_session_id,
        client_token: context.client_token,
        ...(context.payment_id ? { order_id: this.deps.repo.getPayment(context.payment_id)?.klarna_order_id ?? undefined } : {}),
      },
    };
  }

  /**
   * POST /payments with a payment_context_id. Checkout.com answers 202 with `status: "Pending"` and the Klarna
   * order it placed (reference/seeds/004_6e27f3ac1c8818d9.txt, "Request a payment": "Your request was successful
   * if you receive a 202 Success response code with a status field set to Pending"; the body has id, status,
   * payment_type, payment_plan, processing.partner_order_id and partner_fraud_status, no amount). The outcome comes
   * later, on the simulator's clock (`decideDelayMs`), as payment_approved or payment_declined (the seed's webhook
   * table): `decide`. A second request for the same context answers the same payment.
   */
  async requestPayment(body: unknown): Promise<{ status: 202; body: unknown }> {
    const request = parse(paymentRequestSchema, body);
    const problems: string[] = [];
    if (!request.payment_context_id) problems.push("payment_context_id_required");
    if (!request.processing_channel_id) problems.push("processing_channel_id_required");
    else if (request.processing_channel_id !== this.deps.settings.processingChannelId) problems.push("processing_channel_id_invalid");
    if (problems.length > 0) throw invalid(...problems);
    const context = this.deps.repo.getContext(request.payment_context_id!);
    if (!context) throw invalid("payment_context_id_invalid");
    if (context.payment_id) return { status: 202, body: this.acceptedView(this.payment(context.payment_id)) };
    if (this.now - context.created_at >= CONTEXT_TTL_MS) throw invalid("payment_context_expired");
    if (request.amount !== undefined && request.amount !== context.request.amount) throw invalid("amount_invalid");
    if (request.currency !== undefined && request.currency.toUpperCase() !== context.request.currency.toUpperCase()) {
      throw invalid("currency_invalid");
    }

    const session = await this.deps.klarna("GET", `/payments/v1/sessions/${context.klarna_session_id}`);
    const sessionData = succeeded(session) ? (session.body as Record<string, unknown>) : undefined;
    const token = context.authorization_token ?? (sessionData?.authorization_token as string | undefined) ?? null;
    // "Once the payment context is approved, the approval is valid for 60 minutes" (reference/seeds/004_…, "Authorize
    // the session"): a payment requested later is declined. How Checkout.com refuses it is not documented; the
    // simulator declines it like any other refusal (simulator/README.md, "What no source settles").
    const lapsed = context.approved_at !== null && this.now - context.approved_at >= APPROVAL_WINDOW_MS;
    const declinedByFault = this.deps.faults.takeTarget("payment").length > 0;
    let order: { order_id: string; fraud_status: string; authorized_payment_method?: { type?: string } } | undefined;
    let declineReason = "The shopper has not been approved by Klarna";
    if (lapsed) declineReason = "Klarna's approval of the payment context lapsed after 60 minutes";
    else if (declinedByFault) declineReason = "Declined by the partner (fault injection)";
    else if (token && sessionData) {
      const placed = await this.deps.klarna("POST", `/payments/v1/authorizations/${token}/order`, {
        purchase_country: sessionData.purchase_country,
        purchase_currency: sessionData.purchase_currency,
        locale: sessionData.locale,
        order_amount: sessionData.order_amount,
        order_tax_amount: sessionData.order_tax_amount,
        order_lines: sessionData.order_lines,
        billing_address: sessionData.billing_address,
        shipping_address: sessionData.shipping_address,
        merchant_reference1: request.reference ?? context.request.reference,
        auto_capture: false,
      });
      if (succeeded(placed)) order = placed.body as typeof order;
      else declineReason = klarnaMessage(placed);
    }
    const country = context.request.source.account_holder?.billing_address?.country?.toUpperCase() ?? "";
    const { paymentType, financing } = paymentTypeOf(order?.authorized_payment_method?.type, country);
    const payment: PaymentRecord = {
      id: newId("pay"),
      context_id: context.id,
      created_at: this.now,
      request,
      status: "Pending",
      approved: false,
      amount: context.request.amount,
      currency: context.request.currency.toUpperCase(),
      payment_type: paymentType,
      financing,
      klarna_order_id: order?.order_id ?? null,
      partner_status: order ? "AUTHORIZED" : null,
      // Upper case, as Klarna reports it and the seed prints it ("partner_fraud_status": "ACCEPTED").
      partner_fraud_status: order ? order.fraud_status.toUpperCase() : null,
      expires_at: this.now + AUTHORIZATION_MS,
      klarna_addresses: order
        ? {
            billing: sessionData?.billing_address as Record<string, string | undefined> | undefined,
            shipping: sessionData?.shipping_address as Record<string, string | undefined> | undefined,
          }
        : null,
      closed: false,
      decision: { approve: order !== undefined, reason: declineReason, decides_at: this.now + this.deps.settings.decideDelayMs },
      // `capture` defaults to true (reference/checkout-com/checkout-com-klarna.openapi.yaml, PaymentRequest.capture;
      // reference/seeds/004_…: "If you used a manual capture flow, you must also capture the payment").
      capture: request.capture ?? context.request.capture ?? true,
    };
    const inserted = this.deps.repo.transaction(() => {
      if (!this.deps.repo.insertPayment(payment)) return false;
      this.deps.repo.saveContext({ ...context, payment_id: payment.id, authorization_token: token });
      this.deps.repo.insertAction(this.action(payment.id, "Authorization", payment.amount, { reference: request.reference ?? null }));
      return true;
    });
    // A concurrent request for the same context won: answer with its payment.
    if (!inserted) return { status: 202, body: this.acceptedView(this.payment(this.deps.repo.getContext(context.id)!.payment_id!)) };
    if (order) {
      // Checkout.com takes the order over from Klarna: it acknowledges it, so Klarna stops pushing.
      await this.deps.klarna("POST", `/ordermanagement/v1/orders/${order.order_id}/acknowledge`);
    }
    // "payment_pending: Sent when a payment request has been successfully initiated" (reference/seeds/004_…, Webhooks).
    this.deps.webhooks.emit("payment_pending", payment.id, this.eventData(payment));
    this.deps.core.scheduler.schedule(
      payment.decision!.decides_at,
      { kind: "extension", extension: "checkout-com", task: "decide", ref: payment.id },
      {},
    );
    this.deps.core.scheduler.kick();
    return { status: 202, body: this.acceptedView(payment) };
  }

  /**
   * The partner's answer to a Pending payment, when the clock reaches it: Authorized with payment_approved ("Sent
   * when payment is approved by the partner"), or Declined with payment_declined ("Sent when a payment request has
   * been rejected"), reference/seeds/004_…, Webhooks. An approved payment requested with `capture` (the default) is
   * captured in full right away (the seed's auto-capture flow: payment_captured follows).
   */
  async decide(paymentId: string): Promise<string> {
    const payment = this.deps.repo.getPayment(paymentId);
    if (!payment || payment.status !== "Pending" || !payment.decision) return "already decided";
    const { approve, reason } = payment.decision;
    const decided: PaymentRecord = approve
      ? { ...payment, status: "Authorized", approved: true, decision: null }
      : { ...payment, status: "Declined", approved: false, closed: true, decision: null };
    this.deps.repo.savePayment(decided);
    const authorization = this.deps.repo.actionsOf(paymentId).find((action) => action.type === "Authorization");
    if (authorization) {
      this.deps.repo.saveAction({
        ...authorization,
        approved: approve,
        processed_on: this.now,
        response_code: approve ? "10000" : "20005",
        response_summary: approve ? "Approved" : reason,
      });
    }
    this.deps.webhooks.emit(approve ? "payment_approved" : "payment_declined", paymentId, this.eventData(decided));
    if (!approve) return "payment_declined";
    this.deps.core.scheduler.schedule(
      decided.expires_at,
      { kind: "extension", extension: "checkout-com", task: "expire", ref: paymentId },
      {},
    );
    if (decided.capture) {
      this.accept(decided, "Capture", decided.amount, {}, decided.request.reference, "Final", null);
    }
    this.deps.core.scheduler.kick();
    return "payment_approved";
  }

  /** The 202 answer to POST /payments: the fields reference/seeds/004_… prints, no amount or currency. */
  acceptedView(payment: PaymentRecord) {
    return {
      id: payment.id,
      status: this.statusOf(payment),
      reference: payment.request.reference,
      payment_type: payment.payment_type,
      ...(payment.payment_type === "Installment" ? { payment_plan: { financing: payment.financing ?? false } } : {}),
      processing: {
        partner_order_id: payment.klarna_order_id ?? undefined,
        partner_fraud_status: payment.partner_fraud_status ?? undefined,
      },
      _links: { self: { href: `${this.base}/payments/${payment.id}` } },
    };
  }

  getPayment(id: string) {
    return this.paymentView(this.payment(id));
  }

  /** GET /payments/{id}/actions: newest first. */
  actions(id: string) {
    this.payment(id);
    return this.deps.repo
      .actionsOf(id)
      .reverse()
      .map((action) => this.actionView(action));
  }

  /** POST /payments/{id}/captures: 202; the partner's answer arrives as payment_captured or payment_capture_declined. */
  capture(id: string, body: unknown) {
    const request = parse(captureRequestSchema, body);
    const payment = this.payment(id);
    const balances = this.balances(payment);
    if (!payment.approved || payment.closed || balances.available_to_capture === 0) throw notAllowed("capture_not_allowed");
    const amount = request.amount ?? balances.available_to_capture;
    if (amount <= 0) throw invalid("amount_invalid");
    if (amount > balances.available_to_capture) throw invalid("amount_exceeds_balance");
    if (request.items && request.items.reduce((sum, item) => sum + sign(item) * item.total_amount, 0) !== amount) {
      throw invalid("items_amount_invalid");
    }
    return this.accept(payment, "Capture", amount, request, request.reference, request.capture_type ?? "Final", "payment_capture_pending");
  }

  refund(id: string, body: unknown) {
    const request = parse(refundRequestSchema, body);
    const payment = this.payment(id);
    const balances = this.balances(payment);
    if (balances.available_to_refund === 0) throw notAllowed("refund_not_allowed");
    const amount = request.amount ?? balances.available_to_refund;
    if (amount <= 0) throw invalid("amount_invalid");
    if (amount > balances.available_to_refund) throw invalid("refund_amount_exceeds_balance");
    return this.accept(payment, "Refund", amount, request, request.reference, null, null);
  }

  /** A void releases the whole authorization, so it is allowed only while nothing is captured or being captured. */
  void(id: string, body: unknown) {
    const request = parse(voidRequestSchema, body);
    const payment = this.payment(id);
    const balances = this.balances(payment);
    if (balances.available_to_void === 0) throw notAllowed("void_not_allowed");
    return this.accept(payment, "Void", balances.available_to_void, request, request.reference, null, null);
  }

  /** Runs a settle job: asks Klarna, records the outcome, sends the webhook. */
  async settle(actionId: string): Promise<string> {
    const action = this.deps.repo.getAction(actionId);
    if (!action || action.approved !== null) return "already settled";
    const payment = this.payment(action.payment_id);
    const target = action.type === "Capture" ? "capture" : action.type === "Refund" ? "refund" : "void";
    const declinedByFault = this.deps.faults.takeTarget(target).length > 0;
    const orderPath = `/ordermanagement/v1/orders/${payment.klarna_order_id}`;
    const request = action.request as {
      items?: { name: string; quantity: number; unit_price: number; total_amount: number; reference?: string; tax_rate?: number; tax_amount?: number; discount_amount?: number; type?: string }[];
      processing?: { shipping_info?: unknown[] };
    };
    const orderLines = request.items?.map((item) => ({
      type: item.type === "discount" ? "discount" : item.type ?? "physical",
      reference: item.reference,
      name: item.name,
      quantity: item.quantity,
      unit_price: sign(item) * item.unit_price,
      tax_rate: item.tax_rate ?? 0,
      total_amount: sign(item) * item.total_amount,
      total_discount_amount: item.discount_amount ?? 0,
      total_tax_amount: sign(item) * (item.tax_amount ?? 0),
    }));
    let answer = { status: 403, body: { error_messages: ["Declined by the partner (fault injection)"] } as unknown };
    if (!declinedByFault) {
      if (action.type === "Capture") {
        answer = await this.deps.klarna("POST", `${orderPath}/captures`, {
          captured_amount: action.amount,
          reference: action.reference ?? undefined,
          ...(orderLines ? { order_lines: orderLines } : {}),
          ...(request.processing?.shipping_info ? { shipping_info: request.processing.shipping_info } : {}),
        });
      } else if (action.type === "Refund") {
        answer = await this.deps.klarna("POST", `${orderPath}/refunds`, {
          refunded_amount: action.amount,
          reference: action.reference ?? undefined,
          ...(orderLines ? { order_lines: orderLines } : {}),
        });
      } else {
        answer = await this.deps.klarna("POST", `${orderPath}/cancel`);
      }
    }
    const approved = succeeded(answer);
    this.deps.repo.saveAction({
      ...action,
      approved,
      processed_on: this.now,
      response_code: approved ? "10000" : "20046",
      response_summary: approved ? "Approved" : klarnaMessage(answer),
    });
    const eventType = {
      Capture: approved ? "payment_captured" : "payment_capture_declined",
      Refund: approved ? "payment_refunded" : "payment_refund_declined",
      Void: approved ? "payment_voided" : "payment_void_declined",
      Authorization: "payment_approved",
    }[action.type];
    let current = this.payment(payment.id);
    if (approved && action.type === "Void") current = this.close(current);
    this.deps.webhooks.emit(eventType, payment.id, { ...this.eventData(current), action_id: action.id, amount: action.amount });
    if (approved && action.type === "Capture" && action.capture_type === "Final") {
      const rest = this.balances(current).available_to_capture;
      current = this.close(current);
      if (rest > 0) {
        // A Final capture releases what is left: Klarna releases the remaining authorization, Checkout.com voids it.
        await this.deps.klarna("POST", `${orderPath}/release-remaining-authorization`);
        this.deps.webhooks.emit("payment_voided", payment.id, { ...this.eventData(current), amount: rest });
      }
    }
    return eventType;
  }

  /** The authorization period ended: what was never captured expires, or is voided after a partial capture. */
  expire(paymentId: string): string {
    const payment = this.deps.repo.getPayment(paymentId);
    if (!payment || payment.closed || !payment.approved) return "nothing to expire";
    const { total_captured } = this.balances(payment);
    const closed = this.close(payment, total_captured === 0 ? "Expired" : undefined);
    const type = total_captured === 0 ? "payment_expired" : "payment_voided";
    this.deps.webhooks.emit(type, payment.id, this.eventData(closed));
    return type;
  }

  private close(payment: PaymentRecord, status?: PaymentStatus): PaymentRecord {
    const closed = { ...payment, closed: true, ...(status ? { status } : {}) };
    this.deps.repo.savePayment(closed);
    return closed;
  }

  private accept(
    payment: PaymentRecord,
    type: ActionType,
    amount: number,
    request: unknown,
    reference: string | undefined,
    captureType: "Final" | "NonFinal" | null,
    pendingEvent: string | null,
  ) {
    const action = this.action(payment.id, type, amount, { reference: reference ?? null, capture_type: captureType, request });
    this.deps.repo.insertAction(action);
    if (pendingEvent) this.deps.webhooks.emit(pendingEvent, payment.id, { ...this.eventData(payment), action_id: action.id, amount });
    this.deps.core.scheduler.schedule(
      this.now + this.deps.settings.settleDelayMs,
      { kind: "extension", extension: "checkout-com", task: "settle", ref: action.id },
      {},
    );
    this.deps.core.scheduler.kick();
    return {
      action_id: action.id,
      reference,
      _links: { payment: { href: `${this.base}/payments/${payment.id}` } },
    };
  }

  private action(paymentId: string, type: ActionType, amount: number, fields: Partial<ActionRecord>): ActionRecord {
    return {
      id: newId("act"),
      payment_id: paymentId,
      type,
      requested_at: this.now,
      processed_on: null,
      approved: null,
      amount,
      reference: null,
      capture_type: null,
      request: null,
      response_code: null,
      response_summary: null,
      ...fields,
    };
  }

  payment(id: string): PaymentRecord {
    const payment = this.deps.repo.getPayment(id);
    if (!payment) throw notFound();
    return payment;
  }

  balances(payment: PaymentRecord) {
    const actions = this.deps.repo.actionsOf(payment.id);
    const sum = (type: ActionType, approved: boolean | null) =>
      actions.filter((a) => a.type === type && a.approved === approved).reduce((total, a) => total + a.amount, 0);
    const authorized = payment.approved ? payment.amount : 0;
    const captured = sum("Capture", true);
    const capturing = sum("Capture", null);
    const refunded = sum("Refund", true);
    const refunding = sum("Refund", null);
    const voiding = sum("Void", null);
    const voided = payment.closed && payment.approved ? authorized - captured : 0;
    const open = payment.approved && !payment.closed;
    return {
      total_authorized: authorized,
      total_voided: voided,
      available_to_void: open && captured === 0 && capturing === 0 && voiding === 0 ? authorized : 0,
      total_captured: captured,
      available_to_capture: open && voiding === 0 ? Math.max(authorized - captured - capturing, 0) : 0,
      total_refunded: refunded,
      available_to_refund: Math.max(captured - refunded - refunding, 0),
    };
  }

  statusOf(payment: PaymentRecord): PaymentStatus {
    if (payment.status === "Pending" || !payment.approved) return payment.status;
    const b = this.balances(payment);
    if (b.total_refunded > 0) return b.total_refunded >= b.total_captured ? "Refunded" : "Partially Refunded";
    if (b.total_captured > 0) return b.total_captured >= b.total_authorized || payment.closed ? "Captured" : "Partially Captured";
    if (payment.closed) return payment.status === "Expired" ? "Expired" : "Voided";
    return "Authorized";
  }

  paymentView(payment: PaymentRecord) {
    const context = this.deps.repo.getContext(payment.context_id);
    const request = context?.request;
    const billing = payment.klarna_addresses?.billing;
    const shipping = payment.klarna_addresses?.shipping;
    // What the shopper confirmed at Klarna wins over what the merchant sent with the context.
    // The GET example of reference/seeds/004_… also prints the holder's and the shipping contact's phone and email.
    const accountHolder = billing
      ? {
          first_name: billing.given_name,
          last_name: billing.family_name,
          email: billing.email,
          billing_address: checkoutComAddress(billing),
          ...(billing.phone ? { phone: { number: billing.phone } } : {}),
        }
      : request?.source.account_holder;
    return {
      id: payment.id,
      requested_on: iso(payment.created_at),
      source: { type: "klarna", account_holder: accountHolder },
      amount: payment.amount,
      amount_requested: payment.amount,
      currency: payment.currency,
      payment_type: payment.payment_type,
      ...(payment.payment_type === "Installment" ? { payment_plan: { financing: payment.financing ?? false } } : {}),
      reference: payment.request.reference ?? request?.reference,
      // A Pending payment has no outcome yet: no approved flag, no response code.
      ...(payment.status === "Pending"
        ? {}
        : {
            approved: payment.approved,
            response_code: payment.approved ? "10000" : "20005",
            response_summary: payment.approved ? "Approved" : "Declined",
          }),
      expires_on: iso(payment.expires_at),
      status: this.statusOf(payment),
      balances: this.balances(payment),
      customer: { email: accountHolder?.email ?? request?.customer?.email, name: request?.customer?.name },
      shipping: shipping
        ? {
            first_name: shipping.given_name,
            last_name: shipping.family_name,
            ...(shipping.email ? { email: shipping.email } : {}),
            address: checkoutComAddress(shipping),
            ...(shipping.phone ? { phone: { number: shipping.phone } } : {}),
          }
        : request?.shipping,
      processing: {
        locale: request?.processing?.locale,
        partner_order_id: payment.klarna_order_id ?? undefined,
        partner_session_id: context?.klarna_session_id,
        partner_status: payment.partner_status ?? undefined,
        partner_fraud_status: payment.partner_fraud_status ?? undefined,
        // The GET example of reference/seeds/004_… names it processing.fraud_status; the 202 partner_fraud_status.
        fraud_status: payment.partner_fraud_status ?? undefined,
        custom_payment_method_ids: request?.processing?.custom_payment_method_ids,
        // Printed as 0 when none was sent (the GET example of reference/seeds/004_…).
        tax_amount: request?.processing?.tax_amount ?? 0,
        shipping_amount: request?.processing?.shipping_amount ?? 0,
        discount_amount: request?.processing?.discount_amount,
      },
      // Goods items show their tax and discount as 0 when none was sent (the GET example of reference/seeds/004_…); a
      // discount item is echoed as sent (the seed's discount example carries no tax fields).
      items: request?.items?.map((item) =>
        item.type === "discount" ? item : { ...item, tax_amount: item.tax_amount ?? 0, discount_amount: item.discount_amount ?? 0 },
      ),
      metadata: payment.request.metadata ?? request?.metadata,
      actions: this.deps.repo
        .actionsOf(payment.id)
        .reverse()
        .map((action) => ({ id: action.id, type: action.type, response_code: action.response_code ?? undefined, response_summary: action.response_summary ?? undefined })),
      // self, actions and refund, as the GET example of reference/seeds/004_… prints them.
      _links: {
        self: { href: `${this.base}/payments/${payment.id}` },
        actions: { href: `${this.base}/payments/${payment.id}/actions` },
        ...(this.balances(payment).available_to_refund > 0 ? { refund: { href: `${this.base}/payments/${payment.id}/refunds` } } : {}),
      },
    };
  }

  actionView(action: ActionRecord) {
    return {
      id: action.id,
      type: action.type,
      processed_on: action.processed_on === null ? undefined : iso(action.processed_on),
      amount: action.amount,
      approved: action.approved ?? undefined,
      response_code: action.response_code ?? undefined,
      response_summary: action.response_summary ?? (action.approved === null ? "Pending" : undefined),
      reference: action.reference ?? undefined,
      ...(action.capture_type ? { capture_type: action.capture_type } : {}),
    };
  }

  private eventData(payment: PaymentRecord) {
    return {
      id: payment.id,
      reference: payment.request.reference,
      amount: payment.amount,
      currency: payment.currency,
      payment_type: payment.payment_type,
      processed_on: iso(this.now),
      ...(payment.status === "Pending"
        ? {}
        : { response_code: payment.approved ? "10000" : "20005", response_summary: payment.approved ? "Approved" : "Declined" }),
      metadata: payment.request.metadata,
      processing: { partner_order_id: payment.klarna_order_id ?? undefined, partner_status: payment.partner_status ?? undefined },
    };
  }

  private get base() {
    return `${this.deps.core.config.publicUrl}/checkout-com`;
  }
}

/**
 * How Checkout.com reports the Klarna option the shopper chose: pay now is Regular, pay later PayLater, instalments
 * Installment; `payment_plan.financing` is true for Klarna's interest-bearing financing (the EU "Monthly financing"),
 * false for interest-free "Pay in 3/4". Which value Checkout.com reports is not documented (notes.md §6): this is
 * the simulator's reading of the enum.
 */
function paymentTypeOf(klarnaType: string | undefined, country: string): { paymentType: PaymentType; financing: boolean | null } {
  if (klarnaType === "direct_debit") return { paymentType: "Regular", financing: null };
  if (klarnaType === "fixed_sum_credit") return { paymentType: "Installment", financing: marketFor(country)?.offer === "eu" };
  return { paymentType: "PayLater", financing: null };
}

/** A Klarna address in Checkout.com's field names. */
function checkoutComAddress(address: Record<string, string | undefined>) {
  return {
    address_line1: address.street_address,
    address_line2: address.street_address2,
    city: address.city,
    state: address.region,
    zip: address.postal_code,
    country: address.country,
  };
}

export { CheckoutComError };
