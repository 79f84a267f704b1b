import { HOUR, MINUTE, iso, type Core } from "../core";
import { attempt, fired, hmacSha256Hex, skipped, type RetrySchedule } from "../kernel/delivery";
import type { FiredJob } from "../kernel/scheduler";
import type { JobRecord } from "../records";
import type { CheckoutComFaults } from "./faults";
import { newId } from "./ids";
import type { DeliveryRecord, EventRecord, WorkflowRecord } from "./records";
import type { CheckoutComRepository } from "./repository";

/**
 * Retries after a failed delivery (non-2xx or no answer in 10 s): "We resend webhooks up to eight times at the
 * following intervals after each previous attempt: five minutes, 10 minutes, 15 minutes, 30 minutes, one hour, four
 * hours, 12 hours, 12 hours" (https://www.checkout.com/docs/workflows, "Receive webhooks"; notes.md §10 had it
 * UNVERIFIED). 9 attempts in all; the 10-second timeout is the dashboard webhooks page's.
 */
export const WEBHOOK_RETRIES_MS = [5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 4 * HOUR, 12 * HOUR, 12 * HOUR];
const WEBHOOK_RETRIES: RetrySchedule = { from: "previous", delaysMs: WEBHOOK_RETRIES_MS };
const WEBHOOK_TIMEOUT_MS = 10_000;
/** The API version the simulator claims in each event envelope. */
const EVENT_VERSION = "1.0.33";

/** `Cko-Signature`: lowercase hex HMAC-SHA256 of the raw body with the workflow's signature key. */
export const signWebhook = hmacSha256Hex;

export class WebhookSender {
  /** Events held back by a `reorder` fault, per subject, sent right after that subject's next event. */
  private readonly held = new Map<string, string[]>();

  constructor(
    private readonly core: Core,
    private readonly repo: CheckoutComRepository,
    private readonly faults: CheckoutComFaults,
    /** A webhook configured "on the dashboard" from the simulator's environment, besides POST /workflows. */
    private readonly configured: WorkflowRecord | undefined,
  ) {}

  workflows(): WorkflowRecord[] {
    return [...(this.configured ? [this.configured] : []), ...this.repo.workflows()];
  }

  /** Records an event and schedules one delivery per matching workflow. */
  emit(type: string, subjectId: string, data: Record<string, unknown>): EventRecord {
    const now = this.core.clock.now();
    const id = newId("evt");
    const body = JSON.stringify({
      id,
      type,
      version: EVENT_VERSION,
      created_on: iso(now),
      data,
      _links: { self: { href: `${this.core.config.publicUrl}/checkout-com/workflows/events/${id}` } },
    });
    const event: EventRecord = { id, type, created_at: now, subject_id: subjectId, body };
    this.repo.insertEvent(event);
    const faults = this.faults.takeTarget("webhook", (fault) => fault.event_type === undefined || fault.event_type === type);
    const held = this.held.get(subjectId) ?? [];
    this.held.delete(subjectId);
    if (faults.some((fault) => fault.mode === "reorder")) {
      this.held.set(subjectId, [...held, id]);
    } else {
      const late = faults.find((fault) => fault.mode === "late")?.delay_seconds ?? 0;
      const copies = faults.some((fault) => fault.mode === "duplicate") ? 2 : 1;
      const dropped = faults.some((fault) => fault.mode === "drop");
      this.schedule(event, now + late * 1000, copies, dropped);
      // What a reorder fault held back goes out after this one.
      for (const heldId of held) {
        const heldEvent = this.repo.getEvent(heldId);
        if (heldEvent) this.schedule(heldEvent, now + late * 1000, 1, false);
      }
    }
    this.core.scheduler.kick();
    return event;
  }

  /** Sends an event again through every workflow (POST /workflows/events/{id}/reflow). */
  reflow(event: EventRecord): void {
    this.schedule(event, this.core.clock.now(), 1, false);
    this.core.scheduler.kick();
  }

  private schedule(event: EventRecord, dueAt: number, copies: number, dropped: boolean): void {
    for (const workflow of this.workflows()) {
      if (!workflow.active || (workflow.events.length > 0 && !workflow.events.includes(event.type))) continue;
      for (const action of workflow.actions) {
        for (let copy = 0; copy < copies; copy += 1) {
          const delivery: DeliveryRecord = {
            id: newId("whd"),
            event_id: event.id,
            workflow_id: workflow.id,
            url: action.url,
            attempts: 0,
            status: dropped ? "failed" : "pending",
            last_status: null,
          };
          this.repo.insertDelivery(delivery);
          if (dropped) {
            this.core.merchant.recordDropped({ kind: "webhook", url: action.url, attempt: 1, orderId: event.subject_id });
            continue;
          }
          this.core.scheduler.schedule(
            dueAt,
            { kind: "extension", extension: "checkout-com", task: "deliver", ref: delivery.id },
            { orderId: event.subject_id },
          );
        }
      }
    }
  }

  /** One delivery attempt; a failure schedules the next one on the virtual clock. */
  async deliver(job: JobRecord, deliveryId: string): Promise<FiredJob> {
    const delivery = this.repo.getDelivery(deliveryId);
    const event = delivery ? this.repo.getEvent(delivery.event_id) : undefined;
    const workflow = delivery ? this.workflows().find((candidate) => candidate.id === delivery.workflow_id) : undefined;
    const action = workflow?.actions.find((candidate) => candidate.url === delivery?.url);
    if (!delivery || !event || !action) return skipped(job, "workflow removed");
    const key = action.signature?.key;
    const result = await attempt(
      this.core,
      { kind: "webhook", url: delivery.url, rawBody: event.body, headers: { ...action.headers }, attempt: job.attempt, orderId: event.subject_id },
      { schedule: WEBHOOK_RETRIES, timeoutMs: WEBHOOK_TIMEOUT_MS, sign: key ? (body) => ({ "Cko-Signature": signWebhook(body, key) }) : undefined },
    );
    this.repo.saveDelivery({
      ...delivery,
      attempts: job.attempt,
      last_status: result.outcome === "dropped" ? null : result.outcome.status,
      status: result.acknowledged ? "delivered" : result.gaveUp ? "failed" : "pending",
    });
    if (result.retryAt !== undefined) {
      this.core.scheduler.schedule(
        result.retryAt,
        { kind: "extension", extension: "checkout-com", task: "deliver", ref: delivery.id },
        { orderId: event.subject_id, attempt: job.attempt + 1 },
      );
    }
    return fired(job, result.outcome);
  }
}
