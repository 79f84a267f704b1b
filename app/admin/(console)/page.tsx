import type { Metadata } from "next";
import Link from "next/link";
import { OrderTable } from "@/components/admin/order-table";
import { ReconcilePanel } from "@/components/admin/reconcile-panel";
import { listOrders } from "@/lib/admin/order-list";
import { reconcileCandidates } from "@/lib/admin/reconcile";
import { merchantOrSignIn } from "@/lib/admin/session";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const merchant = await merchantOrSignIn("/admin");
  const now = new Date();
  const [list, candidates] = await Promise.all([
    listOrders({ status: null, market: null, q: "", page: 1 }, now),
    reconcileCandidates(now),
  ]);
  const { counts } = list;
  const stats = [
    { label: "Awaiting acknowledgement", value: counts.placed, href: "/admin/orders?status=placed", note: "Placed, not yet confirmed" },
    { label: "Ready to ship", value: counts.acknowledged, href: "/admin/orders?status=acknowledged", note: "Acknowledged, nothing captured" },
    { label: "Part-captured", value: counts["part-captured"], href: "/admin/orders?status=part-captured", note: "Rest still authorized" },
    { label: "Needs attention", value: candidates.length, href: "#reconcile-title", note: "See the panel below" },
  ];
  return (
    <>
      <div className="admin-head">
        <div>
          <h1>Dashboard</h1>
          <p className="admin-head__sub">Signed in as {merchant.email}.</p>
        </div>
        <Link href="/admin/orders" className="button button--secondary button--small">
          All orders
        </Link>
      </div>
      <div className="stat-grid">
        {stats.map((stat) => (
          <Link key={stat.label} href={stat.href} className="stat">
            <p className="stat__label">{stat.label}</p>
            <p className="stat__value">{stat.value}</p>
            <p className="stat__note">{stat.note}</p>
          </Link>
        ))}
      </div>
      <ReconcilePanel candidates={candidates} now={now} />
      <section className="panel panel--flush" aria-labelledby="latest-title">
        <div className="panel__head">
          <h2 id="latest-title">Latest orders</h2>
          <Link href="/admin/orders">View all {counts.all}</Link>
        </div>
        <OrderTable rows={list.rows.slice(0, 8)} emptyText="No orders yet. They appear here once a shopper pays with Klarna." />
      </section>
    </>
  );
}
