import "server-only";
import { findRenewalByKlarnaOrder } from "./store";

/** The order number a renewal's period was given (sent to Klarna as merchant_reference1), or null for other orders. */
export async function renewalOrderNumber(klarnaOrderId: string): Promise<string | null> {
  return (await findRenewalByKlarnaOrder(klarnaOrderId))?.orderNumber ?? null;
}
