import { env } from "@/lib/env";
import { createCheckoutComClient, type CheckoutComClient } from "./client";
import { checkoutComStore, type CheckoutComStore } from "./store";

interface CheckoutCom {
  client: CheckoutComClient;
  store: CheckoutComStore;
}

const holder = globalThis as typeof globalThis & { __checkoutCom?: CheckoutCom };

/** The store's Checkout.com client, storage and provider, configured from CHECKOUT_COM_* once per process. */
export function checkoutCom(): CheckoutCom {
  if (!holder.__checkoutCom) {
    const settings = env();
    const client = createCheckoutComClient({
      apiUrl: settings.CHECKOUT_COM_API_URL,
      secretKey: settings.CHECKOUT_COM_SECRET_KEY,
      timeoutMs: settings.CHECKOUT_COM_TIMEOUT_MS,
    });
    holder.__checkoutCom = { client, store: checkoutComStore };
  }
  return holder.__checkoutCom;
}
