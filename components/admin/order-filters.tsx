import Link from "next/link";
import type { OrderList, OrderListQuery } from "@/lib/admin/order-list";
import { ADMIN_ORDER_STATUSES, ADMIN_STATUS_LABELS, type AdminOrderStatus } from "@/lib/admin/order-status";
import { MARKETS, MARKET_CODES } from "@/lib/pricing/markets";

/** The list's URL for a change of filters; the page starts over whenever a filter changes. */
export function ordersHref(query: OrderListQuery, change: Partial<OrderListQuery>): string {
  const next = { ...query, page: 1, ...change };
  const params = new URLSearchParams();
  if (next.q) params.set("q", next.q);
  if (next.status) params.set("status", next.status);
  if (next.market) params.set("market", next.market);
  if (next.page > 1) params.set("page", String(next.page));
  const search = params.toString();
  return search ? `/admin/orders?${search}` : "/admin/orders";
}

export function OrderFilters({ query, counts }: { query: OrderListQuery; counts: OrderList["counts"] }) {
  const tabs: (AdminOrderStatus | null)[] = [null, ...ADMIN_ORDER_STATUSES];
  return (
    <>
      <form className="filters" action="/admin/orders" role="search" aria-label="Orders">
        {query.status && <input type="hidden" name="status" value={query.status} />}
        <label className="field filters__search">
          <span className="field__label">Search</span>
          <input
            type="search"
            name="q"
            defaultValue={query.q}
            placeholder="Order number, e-mail or Klarna order id"
            className="field__input"
          />
        </label>
        <label className="field">
          <span className="field__label">Market</span>
          <select name="market" defaultValue={query.market ?? ""} className="field__input">
            <option value="">All markets</option>
            {MARKET_CODES.map((code) => (
              <option key={code} value={code}>
                {MARKETS[code].name} ({MARKETS[code].currency})
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button button--secondary button--small">
          Apply
        </button>
        {(query.q || query.market) && (
          <Link href={ordersHref(query, { q: "", market: null })} className="button button--quiet button--small">
            Clear
          </Link>
        )}
      </form>
      <nav className="status-tabs" aria-label="Filter by status">
        {tabs.map((status) => (
          <Link
            key={status ?? "all"}
            href={ordersHref(query, { status })}
            className="status-tab"
            aria-current={query.status === status ? "page" : undefined}
          >
            {status ? ADMIN_STATUS_LABELS[status] : "All"}
            <span className="status-tab__count">{counts[status ?? "all"]}</span>
          </Link>
        ))}
      </nav>
    </>
  );
}
