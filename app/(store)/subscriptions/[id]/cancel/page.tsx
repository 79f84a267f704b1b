import type { Metadata } from "next";
import Link from "next/link";
import { formatDate, moneyFormatter } from "@/lib/admin/format";
import { verifyCancelLink } from "@/lib/subscriptions/cancel-link";
import { cadenceWords } from "@/lib/subscriptions/interval";
import { findSubscription } from "@/lib/subscriptions/store";
import { CancelForm } from "./cancel-form";

export const metadata: Metadata = { title: "Cancel subscription", robots: { index: false } };
export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ sig?: string | string[] }>;
}

/** The shopper's signed cancel link from their receipt: what the subscription is, and one button to cancel it. */
export default async function CancelSubscriptionPage({ params, searchParams }: Props) {
  const id = Number((await params).id);
  const { sig } = await searchParams;
  const signature = typeof sig === "string" ? sig : undefined;
  const subscription = signature && (await verifyCancelLink(id, signature)) ? await findSubscription(id) : null;
  if (!subscription || !signature) {
    return (
      <section className="receipt" aria-labelledby="cancel-title">
        <h1 id="cancel-title" className="page-title">
          This link is not valid
        </h1>
        <p>Use the cancel link from your receipt, or contact us and we will cancel it for you.</p>
        <p className="receipt__links">
          <Link href="/">Back to the shop</Link>
        </p>
      </section>
    );
  }
  const money = moneyFormatter(subscription);
  const open = subscription.status === "active" || subscription.status === "paused";
  return (
    <section className="receipt" aria-labelledby="cancel-title">
      <h1 id="cancel-title" className="page-title">
        Cancel {subscription.name}
      </h1>
      <p data-testid="subscription-summary">
        {money(subscription.amount)} {cadenceWords(subscription).every}
        {subscription.status === "active" ? `, next charge on ${formatDate(subscription.nextChargeAt)}` : ""}.
      </p>
      {open ? (
        <>
          <p>Cancelling stops every future renewal. Orders already placed are not affected.</p>
          <CancelForm id={subscription.id} sig={signature} />
        </>
      ) : (
        <p className="notice" role="status">
          This subscription is {subscription.status}: nothing more will be charged.
        </p>
      )}
      <p className="receipt__links">
        <Link href="/">Back to the shop</Link>
      </p>
    </section>
  );
}
