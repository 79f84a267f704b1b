import type { Metadata } from "next";
import { OrderFilters } from "@/components/admin/order-filters";
import { OrderTable } from "@/components/admin/order-table";
import { Pagination } from "@/components/admin/pagination";
import { listOrders, parseListQuery } from "@/lib/admin/order-list";
import { merchantOrSignIn } from "@/lib/admin/session";

export const metadata: Metadata = { title: "Orders" };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function OrdersPage({ searchParams }: Props) {
  await merchantOrSignIn("/admin/orders");
  const query = parseListQuery(await searchParams);
  const list = await listOrders(query);
  const filtered = Boolean(query.q || query.market || query.status);
  return (
    <>
      <div className="admin-head">
        <div>
          <h1>Orders</h1>
          <p className="admin-head__sub">Newest first. Status and amounts as Klarna last reported them.</p>
        </div>
      </div>
      <OrderFilters query={query} counts={list.counts} />
      <section className="panel panel--flush" aria-label="Order list">
        <OrderTable
          rows={list.rows}
          emptyText={filtered ? "No orders match these filters." : "No orders yet. They appear here once a shopper pays with Klarna."}
        />
        <Pagination query={query} list={list} />
      </section>
    </>
  );
}
