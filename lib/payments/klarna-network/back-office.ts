import type { LineItem } from "./types";
import { describeNetworkError } from "./errors";
import { LIMITS } from "./limits";
import { networkClient } from "./settings";
import type { PaymentTransaction } from "./types";
import { MARKETS } from "@/lib/pricing/markets";
import { formatMoney } from "@/lib/pricing/money";

/** A payment transaction as the back office shows it: state and amounts, each from Klarna's own read. */
export interface TransactionSummary {
  id: string;
  state: PaymentTransaction["state"];
  currency: string;
  amount: number;
  captured: number;
  refunded: number;
  /** What can still be captured: nothing once the authorization expired, closed or was voided. */
  capturable: number;
  refundable: number;
  expiresAt: string | null;
  captures: { id: string; amount: number; refundable: number }[];
  actions: { captures: number; refunds: number; total: number };
}

export type BackOfficeResult = { ok: true; message: string } | { ok: false; message: string };

export function summarize(transaction: PaymentTransaction): TransactionSummary {
  const captures = transaction.payment_captures ?? [];
  const refunds = transaction.payment_refunds ?? [];
  const captured = captures.reduce((sum, capture) => sum + capture.capture_amount, 0);
  const refunded = refunds.reduce((sum, refund) => sum + refund.refund_amount, 0);
  const refundable = transaction.state === "CLOSED" ? 0 : captured - refunded;
  return {
    id: transaction.payment_transaction_id,
    state: transaction.state,
    currency: transaction.currency.toUpperCase(),
    amount: transaction.amount,
    captured,
    refunded,
    capturable: transaction.state === "AUTHORIZED" ? transaction.amount - captured : 0,
    refundable,
    expiresAt: transaction.expires_at ?? null,
    captures: captures.map((capture) => ({
      id: capture.payment_capture_id,
      amount: capture.capture_amount,
      // What is left of this capture, and never more than the transaction has left: a refund by lines names no
      // capture (reference/klarna-network/notes.md: refund by capture or by transaction), yet it is paid from what
      // was captured, so it lowers what each capture can still give back.
      refundable: Math.min(
        refundable,
        capture.capture_amount -
          refunds.filter((refund) => refund.payment_capture_id === capture.payment_capture_id).reduce((sum, refund) => sum + refund.refund_amount, 0),
      ),
    })),
    // A void ends the authorization, so at most one has happened when the state is past AUTHORIZED.
    actions: { captures: captures.length, refunds: refunds.length, total: captures.length + refunds.length },
  };
}

export async function readTransactionSummary(transactionId: string): Promise<TransactionSummary> {
  return summarize(await networkClient().readTransaction(transactionId));
}

/** Klarna's per-transaction limits, checked before calling so the merchant reads why in plain words. */
function limitProblem(summary: TransactionSummary, kind: "captures" | "refunds"): string | null {
  if (summary.actions[kind] >= LIMITS[kind]) return `Klarna allows at most ${LIMITS[kind]} ${kind} on one payment; this one has them all.`;
  if (summary.actions.total >= LIMITS.actions) return `Klarna allows at most ${LIMITS.actions} changes to one payment; this one has them all.`;
  return null;
}

/** An amount as the merchant reads it, in the format of the market that sells in that currency. */
function money(minorUnits: number, currency: string): string {
  const market = Object.values(MARKETS).find((candidate) => candidate.currency === currency);
  return formatMoney(minorUnits, currency, market?.formatLocale ?? "en-GB");
}

function stateProblem(summary: TransactionSummary, action: string): string | null {
  if (summary.state === "EXPIRED") return `The authorization expired${summary.expiresAt ? ` on ${summary.expiresAt.slice(0, 10)}` : ""}: Klarna no longer allows ${action}.`;
  if (summary.state === "CLOSED") return `The payment is closed at Klarna: no ${action} is possible any more.`;
  if (summary.state === "COMPLETED") return `Nothing is left to authorize: the payment is fully captured or its authorization was released, so no ${action}.`;
  return null;
}

/** Capture all or part of what remains, with the lines shipped and tracking, once per idempotency key. */
export async function captureTransaction(
  transactionId: string,
  input: { amount: number; lines?: LineItem[]; tracking?: { number?: string; url?: string; carrier?: string } },
  idempotencyKey: string,
): Promise<BackOfficeResult> {
  const summary = await readTransactionSummary(transactionId);
  const problem = stateProblem(summary, "captures") ?? limitProblem(summary, "captures");
  if (problem) return { ok: false, message: problem };
  if (!Number.isInteger(input.amount) || input.amount <= 0) return { ok: false, message: "Enter an amount to capture above zero." };
  if (input.amount > summary.capturable) return { ok: false, message: `At most ${money(summary.capturable, summary.currency)} is left to capture.` };
  if (input.lines && input.lines.reduce((sum, line) => sum + line.total_amount, 0) !== input.amount) {
    return { ok: false, message: "The chosen lines do not add up to the amount to capture." };
  }
  const tracking = input.tracking && (input.tracking.number || input.tracking.url || input.tracking.carrier)
    ? [{ tracking_number: input.tracking.number, tracking_url: input.tracking.url, shipping_carrier: input.tracking.carrier }]
    : undefined;
  try {
    await networkClient().capture(
      transactionId,
      { capture_amount: input.amount, ...(input.lines ? { line_items: input.lines } : {}), ...(tracking ? { shipping: tracking } : {}) },
      { idempotencyKey },
    );
    return { ok: true, message: "Captured." };
  } catch (error) {
    return { ok: false, message: describeNetworkError(error) };
  }
}

/** Refund against one capture, or against the transaction with line items (Klarna requires them then). */
export async function refundTransaction(
  transactionId: string,
  input: { amount: number; captureId?: string; lines?: LineItem[] },
  idempotencyKey: string,
): Promise<BackOfficeResult> {
  const summary = await readTransactionSummary(transactionId);
  if (summary.state === "CLOSED") return { ok: false, message: "The payment is closed at Klarna: nothing can be refunded any more." };
  const problem = limitProblem(summary, "refunds");
  if (problem) return { ok: false, message: problem };
  if (!Number.isInteger(input.amount) || input.amount <= 0) return { ok: false, message: "Enter an amount to refund above zero." };
  const capture = input.captureId ? summary.captures.find((entry) => entry.id === input.captureId) : undefined;
  if (input.captureId && !capture) return { ok: false, message: "That capture does not belong to this payment." };
  const limit = capture ? Math.min(capture.refundable, summary.refundable) : summary.refundable;
  if (input.amount > limit) return { ok: false, message: `At most ${money(limit, summary.currency)} can be refunded${capture ? " from that capture" : ""}.` };
  if (!capture && (!input.lines || input.lines.length === 0)) {
    return { ok: false, message: "A refund that is not against one capture needs the lines refunded." };
  }
  if (input.lines && input.lines.reduce((sum, line) => sum + line.total_amount, 0) !== input.amount) {
    return { ok: false, message: "The chosen lines do not add up to the amount to refund." };
  }
  try {
    await networkClient().refund(
      transactionId,
      { refund_amount: input.amount, ...(input.lines ? { line_items: input.lines } : {}) },
      { idempotencyKey, captureId: capture?.id },
    );
    return { ok: true, message: "Refunded." };
  } catch (error) {
    return { ok: false, message: describeNetworkError(error) };
  }
}

/** Void: only while AUTHORIZED and not fully captured; what is captured stays, the rest is released. */
export async function voidTransaction(transactionId: string, idempotencyKey: string): Promise<BackOfficeResult> {
  const summary = await readTransactionSummary(transactionId);
  const problem = stateProblem(summary, "void");
  if (problem) return { ok: false, message: problem };
  if (summary.actions.total >= LIMITS.actions) return { ok: false, message: limitProblem(summary, "captures") ?? "" };
  try {
    await networkClient().void(transactionId, { idempotencyKey });
    return { ok: true, message: summary.captured > 0 ? "The rest of the authorization was released." : "The authorization was voided." };
  } catch (error) {
    return { ok: false, message: describeNetworkError(error) };
  }
}
