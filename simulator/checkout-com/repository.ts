import type Database from "better-sqlite3";
import { DocumentStore } from "../kernel/documents";
import type { ActionRecord, ContextRecord, DeliveryRecord, EventRecord, PaymentRecord, WorkflowRecord } from "./records";

/** Checkout.com's objects, as documents in the kernel's store (api `checkout-com`), each kind with its lookup key. */
interface Kinds {
  /** ref: the Klarna session the context opened (one each). */
  context: ContextRecord;
  /** ref: the context it pays (one payment per context). */
  payment: PaymentRecord;
  /** ref: the payment it acts on. */
  action: ActionRecord;
  /** ref: the payment or context it is about. */
  event: EventRecord;
  workflow: WorkflowRecord;
  /** ref: the event it delivers. */
  delivery: DeliveryRecord;
  /** A stored answer for an Idempotency-Key. */
  idempotency: StoredAnswer;
}

const KINDS: readonly (keyof Kinds)[] = ["context", "payment", "action", "event", "workflow", "delivery", "idempotency"];

export interface StoredAnswer {
  fingerprint: string;
  created_at: number;
  status: number;
  body: string;
}

/** Every read and write of the Checkout.com simulator. */
export class CheckoutComRepository {
  private readonly docs: DocumentStore<Kinds>;

  constructor(db: Database.Database) {
    this.docs = new DocumentStore<Kinds>(db, "checkout-com");
  }

  transaction<T>(work: () => T): T {
    return this.docs.transaction(work);
  }

  insertContext(context: ContextRecord): void {
    if (!this.docs.insertUnique("context", context.id, context.created_at, context, context.klarna_session_id)) {
      throw new Error(`A payment context exists already for Klarna session ${context.klarna_session_id}`);
    }
  }

  saveContext(context: ContextRecord): void {
    this.docs.update("context", context.id, context);
  }

  getContext(id: string): ContextRecord | undefined {
    return this.docs.get("context", id);
  }

  contextForSession(sessionId: string): ContextRecord | undefined {
    return this.docs.byRef("context", sessionId)[0];
  }

  /** False when the context already has a payment: one context pays once. */
  insertPayment(payment: PaymentRecord): boolean {
    return this.docs.insertUnique("payment", payment.id, payment.created_at, payment, payment.context_id);
  }

  savePayment(payment: PaymentRecord): void {
    this.docs.update("payment", payment.id, payment);
  }

  getPayment(id: string): PaymentRecord | undefined {
    return this.docs.get("payment", id);
  }

  insertAction(action: ActionRecord): void {
    this.docs.insert("action", action.id, action.requested_at, action, action.payment_id);
  }

  saveAction(action: ActionRecord): void {
    this.docs.update("action", action.id, action);
  }

  getAction(id: string): ActionRecord | undefined {
    return this.docs.get("action", id);
  }

  /** Oldest first. */
  actionsOf(paymentId: string): ActionRecord[] {
    return this.docs.byRef("action", paymentId);
  }

  insertEvent(event: EventRecord): void {
    this.docs.insert("event", event.id, event.created_at, event, event.subject_id);
  }

  getEvent(id: string): EventRecord | undefined {
    return this.docs.get("event", id);
  }

  eventsOf(subjectId: string): EventRecord[] {
    return this.docs.byRef("event", subjectId);
  }

  /** Adds or replaces a workflow; a replaced one counts as new. */
  insertWorkflow(workflow: WorkflowRecord): void {
    this.docs.transaction(() => {
      this.docs.remove("workflow", workflow.id);
      this.docs.insert("workflow", workflow.id, workflow.created_at, workflow);
    });
  }

  deleteWorkflow(id: string): boolean {
    return this.docs.remove("workflow", id);
  }

  getWorkflow(id: string): WorkflowRecord | undefined {
    return this.docs.get("workflow", id);
  }

  workflows(): WorkflowRecord[] {
    return this.docs.list("workflow", 100);
  }

  /** Deliveries have no time of their own: they list in the order they were made. */
  insertDelivery(delivery: DeliveryRecord): void {
    this.docs.insert("delivery", delivery.id, 0, delivery, delivery.event_id);
  }

  saveDelivery(delivery: DeliveryRecord): void {
    this.docs.update("delivery", delivery.id, delivery);
  }

  getDelivery(id: string): DeliveryRecord | undefined {
    return this.docs.get("delivery", id);
  }

  deliveriesOf(eventId: string): DeliveryRecord[] {
    return this.docs.byRef("delivery", eventId);
  }

  recentContexts(limit: number): ContextRecord[] {
    return this.docs.list("context", limit);
  }

  recentPayments(limit: number): PaymentRecord[] {
    return this.docs.list("payment", limit);
  }

  getAnswer(key: string): StoredAnswer | undefined {
    return this.docs.get("idempotency", key);
  }

  putAnswer(key: string, answer: StoredAnswer): void {
    this.docs.put("idempotency", key, answer.created_at, answer);
  }

  reset(): void {
    this.docs.clear(KINDS);
  }
}
