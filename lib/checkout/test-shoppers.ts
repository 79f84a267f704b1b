import type { MarketCode } from "@/lib/pricing/markets";

export interface ShopperDetails {
  email: string;
  phone: string;
  givenName: string;
  familyName: string;
  streetAddress: string;
  postalCode: string;
  city: string;
  region: string;
}

/** Klarna's sample customers (approved persona) per market, offered on the checkout page outside production. */
export const TEST_SHOPPERS: Record<MarketCode, ShopperDetails> = {
  SE: {
    email: "customer@email.se",
    phone: "+46701740615",
    givenName: "Testperson-se",
    familyName: "Approved",
    streetAddress: "Stårgatan 1",
    postalCode: "12345",
    city: "Ankeborg",
    region: "",
  },
  DE: {
    email: "customer@email.de",
    phone: "+491711234567",
    givenName: "Testperson-de",
    familyName: "Approved",
    streetAddress: "Hellersbergstraße 14",
    postalCode: "41460",
    city: "Neuss",
    region: "",
  },
  GB: {
    email: "customer@email.gb",
    phone: "+447755564318",
    givenName: "Test",
    familyName: "Person-uk",
    streetAddress: "New Burlington St 10, Apt 214",
    postalCode: "W1S 3BE",
    city: "London",
    region: "",
  },
  US: {
    email: "customer@email.us",
    phone: "+13106683312",
    givenName: "Test",
    familyName: "Person-us",
    streetAddress: "509 Amsterdam Ave",
    postalCode: "10024",
    city: "New York",
    region: "NY",
  },
};
