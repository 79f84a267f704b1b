import "server-only";
import { cache } from "react";
import { readCartCookie } from "./session";

/**
 * The shopper's cart for the page being rendered (`readCartCookie`), read once per request: the store layout (the
 * header's badge) and the page (the cart, the checkout) render in the same request and share the one statement
 * (React's `cache`, which lasts one server render). Server actions, which change the cart, call `readCartCookie`.
 */
export const shopperCart = cache(readCartCookie);
