/**
 * Back-office events carry the form's idempotency key at the end of their detail, so a repeated submit is
 * recognised (lib/admin/order-management.ts). It means nothing to a reader and is left out when the log is shown.
 */
export const keyTag = (key: string) => `[key:${key}]`;

export function withoutKeyTag(detail: string | null): string | null {
  return detail?.replace(/\s*\[key:[^\]]*\]$/, "") ?? null;
}
