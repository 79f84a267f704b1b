import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { resendEmailAction } from "@/components/email/email-actions";
import { currentMerchant } from "@/lib/admin/session";
import { configureBackgroundDrain, emailsOfOrder } from "@/lib/email/outbox";
import { appendOrderEvent, insertOrderOnce } from "@/lib/orders/order-store";
import { newOrder } from "../../support/new-order";

vi.mock("@/lib/admin/session", () => ({ currentMerchant: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
configureBackgroundDrain({ onWrite: false });

const formWith = (emailId: string) => {
  const form = new FormData();
  form.set("emailId", emailId);
  return form;
};

async function orderWithConfirmation() {
  const { order } = await insertOrderOnce(newOrder({ email: `r-${randomUUID()}@example.com` }));
  await appendOrderEvent({ providerReference: order.providerReference, provider: "klarna-payments", source: "push", action: "acknowledge", outcome: "acknowledged", latencyMs: 1 });
  const [row] = await emailsOfOrder(order.id);
  return { order, row: row! };
}

describe("the back office's resend", () => {
  beforeEach(() => vi.mocked(currentMerchant).mockResolvedValue(null));

  it("refuses a caller without a session and queues nothing", async () => {
    const { order, row } = await orderWithConfirmation();
    expect(await resendEmailAction(null, formWith(String(row.id)))).toMatchObject({ ok: false, status: 401 });
    expect(await emailsOfOrder(order.id)).toHaveLength(1);
  });

  it("refuses a malformed or unknown email id in words, and resends a known one", async () => {
    vi.mocked(currentMerchant).mockResolvedValue({ id: 1, email: "merchant@example.com" } as never);
    expect(await resendEmailAction(null, formWith("abc"))).toMatchObject({ ok: false, status: 400, message: "Which email?" });
    expect(await resendEmailAction(null, formWith("999999"))).toMatchObject({ ok: false, status: 404 });
    const { order, row } = await orderWithConfirmation();
    expect(await resendEmailAction(null, formWith(String(row.id)))).toEqual({ ok: true, message: `Queued again for ${order.email}.` });
  });
});
