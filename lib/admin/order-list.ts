import { and, count, desc, eq, or, sql, type SQL } from "drizzle-orm";
import type { ProviderId } from "@/lib/payments/provider";
import { z } from "zod";
import { db } from "@/db";
import { orders } from "@/db/schema";
import type { AddressRead } from "@/lib/klarna";
import { isMarketCode, type MarketCode } from "@/lib/pricing/markets";
import { ADMIN_ORDER_STATUSES, derivedStatusSql, isAdminOrderStatus, type AdminOrderStatus } from "./order-status";

export const PAGE_SIZE = 20;

export interface OrderListQuery {
  status: AdminOrderStatus | null;
  market: MarketCode | null;
  /** Order number, e-mail or Klarna order id, or part of one. */
  q: string;
  page: number;
}

const pageSchema = z.coerce.number().int().min(1).max(100_000).catch(1);

/** Reads the list's filters from the URL; anything unknown is ignored rather than an error. */
export function parseListQuery(params: Record<string, string | string[] | undefined>): OrderListQuery {
  const one = (name: string) => {
    const value = params[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const status = one("status");
  const market = one("market");
  return {
    status: isAdminOrderStatus(status) ? status : null,
    market: isMarketCode(market) ? market : null,
    q: (one("q") ?? "").trim().slice(0, 100),
    page: pageSchema.parse(one("page") ?? 1),
  };
}

export interface OrderListRow {
  orderNumber: string;
  provider: ProviderId;
  klarnaOrderId: string | null;
  email: string | null;
  customer: string | null;
  market: string;
  currency: string;
  orderAmount: number;
  capturedAmount: number;
  refundedAmount: number;
  status: AdminOrderStatus;
  createdAt: string;
  /** Paid through Klarna's Express checkout button (checkout_sessions.express), or null. */
  express: "one_step" | "multi_step" | null;
}

export interface OrderList {
  rows: OrderListRow[];
  /** Orders matching the search and market, per status, for the filter tabs. */
  counts: Record<AdminOrderStatus | "all", number>;
  total: number;
  page: number;
  pageCount: number;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function searchCondition(q: string): SQL | undefined {
  if (!q) return undefined;
  const pattern = `%${escapeLike(q.toLowerCase())}%`;
  return or(
    sql`lower(${orders.orderNumber}) like ${pattern} escape '\\'`,
    sql`lower(${orders.email}) like ${pattern} escape '\\'`,
    eq(orders.klarnaOrderId, q),
    eq(orders.providerReference, q),
  );
}

/** One page of orders, newest first, with the status derived in SQL so it can be filtered and counted. */
export async function listOrders(query: OrderListQuery, now: Date = new Date()): Promise<OrderList> {
  const status = derivedStatusSql(now);
  const base = and(searchCondition(query.q), query.market ? eq(orders.market, query.market) : undefined);

  const grouped = await db()
    .select({ status, total: count() })
    .from(orders)
    .where(base)
    .groupBy(status);
  const counts = Object.fromEntries([...ADMIN_ORDER_STATUSES, "all"].map((key) => [key, 0])) as OrderList["counts"];
  for (const group of grouped) {
    counts[group.status] = group.total;
    counts.all += group.total;
  }

  const total = query.status ? counts[query.status] : counts.all;
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(query.page, pageCount);
  const rows = await db()
    .select({
      orderNumber: orders.orderNumber,
      provider: orders.provider,
      klarnaOrderId: orders.klarnaOrderId,
      email: orders.email,
      billingAddress: orders.billingAddress,
      market: orders.market,
      currency: orders.currency,
      orderAmount: orders.orderAmount,
      capturedAmount: orders.capturedAmount,
      refundedAmount: orders.refundedAmount,
      status,
      createdAt: orders.createdAt,
      express: sql<"one_step" | "multi_step" | null>`(select cs.express from checkout_sessions cs where cs.id = ${orders.checkoutSessionId})`,
    })
    .from(orders)
    .where(and(base, query.status ? sql`${status} = ${query.status}` : undefined))
    .orderBy(desc(orders.id))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);

  return {
    rows: rows.map(({ billingAddress, ...row }) => ({ ...row, customer: customerName(billingAddress as AddressRead | null) })),
    counts,
    total,
    page,
    pageCount,
  };
}

function customerName(address: AddressRead | null): string | null {
  const name = [address?.given_name, address?.family_name].filter(Boolean).join(" ");
  return name || null;
}
