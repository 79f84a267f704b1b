import type { Market } from "@/lib/pricing/markets";
import { formatMoney } from "@/lib/pricing/money";

export function Price({ amount, market, className }: { amount: number; market: Market; className?: string }) {
  return <span className={className}>{formatMoney(amount, market.currency, market.formatLocale)}</span>;
}
