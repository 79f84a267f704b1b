import Link from "next/link";
import { moneyFormatter, formatDate } from "@/lib/admin/format";
import { cancelLinkPath } from "@/lib/subscriptions/cancel-link";
import { cadenceWords } from "@/lib/subscriptions/interval";
import { findSubscriptionBySourceOrder } from "@/lib/subscriptions/store";

/** On the receipt of a first order: the subscription it started, when it renews, and the shopper's signed cancel link. */
export async function SubscriptionNote({ orderId }: { orderId: number }) {
  const subscription = await findSubscriptionBySourceOrder(orderId);
  if (!subscription) return null;
  const money = moneyFormatter(subscription);
  const renewing = subscription.status === "active" || subscription.status === "tokenizing";
  return (
    <section className="subscription-note notice" aria-labelledby="subscription-note-title" data-testid="subscription-note">
      <h2 id="subscription-note-title">Your subscription</h2>
      {renewing ? (
        <p>
          {subscription.name}: Klarna charges {money(subscription.amount)} {cadenceWords(subscription).every}, next on{" "}
          {formatDate(subscription.nextChargeAt)}. Each renewal is an order of its own.
        </p>
      ) : (
        <p>
          {subscription.name} is {subscription.status === "failed" ? "not active: Klarna did not allow renewals" : subscription.status}.
        </p>
      )}
      {/* Also while Klarna is still making the token (the receipt can render first): the link works once it is made. */}
      {(subscription.status === "active" || subscription.status === "paused" || subscription.status === "tokenizing") && (
        <p>
          <Link href={await cancelLinkPath(subscription.id)}>Cancel this subscription</Link> at any time; keep this link.
        </p>
      )}
    </section>
  );
}
