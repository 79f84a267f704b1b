import Link from "next/link";
import { PAGE_SIZE, type OrderList, type OrderListQuery } from "@/lib/admin/order-list";
import { ordersHref } from "./order-filters";

export function Pagination({ query, list }: { query: OrderListQuery; list: OrderList }) {
  if (list.total === 0) return null;
  const first = (list.page - 1) * PAGE_SIZE + 1;
  const last = Math.min(list.page * PAGE_SIZE, list.total);
  return (
    <nav className="pagination" aria-label="Pages">
      <span>
        {first}–{last} of {list.total}
      </span>
      <span className="pagination__links">
        {list.page > 1 ? (
          <Link href={ordersHref(query, { page: list.page - 1 })} rel="prev">
            Previous
          </Link>
        ) : (
          <span aria-disabled="true">Previous</span>
        )}
        {list.page < list.pageCount ? (
          <Link href={ordersHref(query, { page: list.page + 1 })} rel="next">
            Next
          </Link>
        ) : (
          <span aria-disabled="true">Next</span>
        )}
      </span>
    </nav>
  );
}
