import { env } from "@/lib/env";
import { checkoutOrderSchema, type CheckoutOrder, type CheckoutOrderRequest } from "@/lib/klarna/types";
import { orderManagementApi } from "@/lib/payments/order-management/client";
import { createKlarnaWire, segment, type KlarnaWireOptions } from "@/lib/payments/order-management/wire";

export type KustomClient = ReturnType<typeof createKustomClient>;

/**
 * Kustom's API: Checkout v3 and Order Management, the same wire API as Klarna's at Kustom's host
 * (https://api.kustom.co, the playground, or the simulator's /kustom), authorized with the API key as it is
 * (reference/kustom/notes.md §3). Its own client on the shared wire and transport, not Klarna Payments'.
 */
export function createKustomClient(options: KlarnaWireOptions) {
  const wire = createKlarnaWire(options);
  const { readJson, noContent } = wire;
  return {
    /** Kustom Checkout (Checkout API v3): the hosted checkout's orders, until they complete. */
    checkout: {
      async createOrder(request: CheckoutOrderRequest): Promise<CheckoutOrder> {
        const path = "/checkout/v3/orders";
        return readJson({ operation: "checkout.createOrder", method: "POST", path, body: request }, checkoutOrderSchema);
      },

      async readOrder(orderId: string): Promise<CheckoutOrder> {
        const path = `/checkout/v3/orders/${segment(orderId)}`;
        return readJson({ operation: "checkout.readOrder", method: "GET", path }, checkoutOrderSchema);
      },

      /** Only while `checkout_incomplete`; Kustom refuses to change a completed order. */
      async updateOrder(orderId: string, request: Partial<CheckoutOrderRequest>): Promise<CheckoutOrder> {
        const path = `/checkout/v3/orders/${segment(orderId)}`;
        return readJson({ operation: "checkout.updateOrder", method: "POST", path, body: request }, checkoutOrderSchema);
      },

      async abortOrder(orderId: string): Promise<void> {
        const path = `/checkout/v3/orders/${segment(orderId)}/abort`;
        return noContent({ operation: "checkout.abortOrder", method: "POST", path });
      },
    },

    orders: orderManagementApi(wire),
  };
}

let client: KustomClient | undefined;

export function kustom(): KustomClient {
  if (!client) {
    const config = env();
    client = createKustomClient({
      apiUrl: config.KUSTOM_API_URL,
      username: "",
      password: "",
      authorization: `Basic ${config.KUSTOM_API_KEY}`,
      timeoutMs: config.KLARNA_TIMEOUT_MS,
    });
  }
  return client;
}
