import { getMarket } from "@/lib/pricing/markets";
import { formatMoney } from "@/lib/pricing/money";

/** Formats an order's amounts in its currency, the way its market reads them. */
export function moneyFormatter(order: { currency: string; market: string }): (minorUnits: number) => string {
  const locale = getMarket(order.market).formatLocale;
  return (minorUnits) => formatMoney(minorUnits, order.currency, locale);
}

const dateTime = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

/** Back-office times are shown in UTC, the same for every merchant and in the server log. */
export function formatDateTime(value: string | Date): string {
  return `${dateTime.format(new Date(value))} UTC`;
}

/**
 * A time Klarna recorded (a capture, a refund, an authorization's end), labelled as such: the store's own times
 * (placed, acknowledged, the event log) come from the store's clock, and the two differ whenever Klarna's does,
 * as under the simulator's manual clock.
 */
export function formatKlarnaDateTime(value: string | Date): string {
  return `${formatDateTime(value)}, Klarna's clock`;
}

const dateOnly = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/** A day, in UTC like every back-office time: "1 Sept 2025". */
export function formatDate(value: string | Date): string {
  return dateOnly.format(new Date(value));
}

const logTime = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  timeZone: "UTC",
});

/** Event log times: to the second, as events of one order often come within the same minute. */
export function formatLogTime(value: string | Date): string {
  return logTime.format(new Date(value));
}

/** "in 3 days", "in 5 h", "12 min ago": how far a moment is from now, roughly. */
export function relativeTime(value: string | Date, now: Date = new Date()): string {
  const ms = new Date(value).getTime() - now.getTime();
  const abs = Math.abs(ms);
  const minutes = Math.round(abs / 60_000);
  const hours = Math.round(abs / 3_600_000);
  const days = Math.round(abs / 86_400_000);
  const amount = abs < 3_600_000 ? `${minutes} min` : abs < 2 * 86_400_000 ? `${hours} h` : `${days} days`;
  return ms >= 0 ? `in ${amount}` : `${amount} ago`;
}
