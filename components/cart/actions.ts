"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { addCartItem, cartItemsOf, removeCartItem, setCartItemQuantity } from "@/lib/cart/cart-store";
import { productIdSchema, quantitySchema } from "@/lib/cart/rules";
import { ensureCart, readCartCookie } from "@/lib/cart/session";
import { findProductsByIds } from "@/lib/catalogue/products";
import { couponProblem, findCoupon, removeCartCoupon, setCartCoupon } from "@/lib/coupons/coupons";
import { currentMarket } from "@/lib/pricing/current-market";
import { limits } from "@/lib/security/limits";
import { rateAttempt, waitInWords } from "@/lib/security/rate-limit";

export interface CartActionState {
  ok: boolean;
  message: string;
}

const lineSchema = z.object({ productId: productIdSchema, quantity: quantitySchema });

function firstError(error: z.ZodError): string {
  return error.issues[0]?.message ?? "Something in the form is not right.";
}

async function productFor(productId: number) {
  const [product] = await findProductsByIds([productId], await currentMarket());
  return product ?? null;
}

/** Every input is re-checked here: a server action is a public endpoint, whatever the form allowed. */
export async function addToCart(_previous: CartActionState | null, form: FormData): Promise<CartActionState> {
  const parsed = lineSchema.safeParse({ productId: form.get("productId"), quantity: form.get("quantity") });
  if (!parsed.success) return { ok: false, message: firstError(parsed.error) };
  const { productId, quantity } = parsed.data;

  const product = await productFor(productId);
  if (!product) return { ok: false, message: "That product does not exist or is no longer sold." };
  if (product.stock <= 0) return { ok: false, message: `${product.name} is sold out.` };

  const cartId = await ensureCart();
  const inCart = (await cartItemsOf(cartId)).find((item) => item.productId === productId)?.quantity ?? 0;
  if (inCart + quantity > product.stock) {
    const left = product.stock - inCart;
    return {
      ok: false,
      message:
        left > 0
          ? `Only ${product.stock} in stock and you already have ${inCart} in your cart: you can add ${left} more.`
          : product.stock === 1
            ? "The only one we have is already in your cart."
            : `All ${product.stock} we have in stock are already in your cart.`,
    };
  }
  if (!(await addCartItem(cartId, productId, quantity, product.stock))) {
    return { ok: false, message: `You can have at most ${Math.min(product.stock, 99)} of ${product.name} in your cart.` };
  }
  revalidatePath("/", "layout");
  return { ok: true, message: `Added ${quantity} × ${product.name} to your cart.` };
}

export async function changeQuantity(_previous: CartActionState | null, form: FormData): Promise<CartActionState> {
  const parsed = lineSchema.safeParse({ productId: form.get("productId"), quantity: form.get("quantity") });
  if (!parsed.success) return { ok: false, message: firstError(parsed.error) };
  const { productId, quantity } = parsed.data;

  const state = await readCartCookie();
  if (state.status !== "valid") return { ok: false, message: "Your cart has expired. Add the product again." };
  const product = await productFor(productId);
  if (!product) return { ok: false, message: "That product does not exist or is no longer sold." };
  if (quantity > product.stock) {
    return {
      ok: false,
      message: product.stock > 0 ? `Only ${product.stock} ${product.name} left in stock.` : `${product.name} is sold out.`,
    };
  }
  if (!(await setCartItemQuantity(state.cartId, productId, quantity))) {
    return { ok: false, message: `${product.name} is no longer in your cart.` };
  }
  revalidatePath("/", "layout");
  return { ok: true, message: `${product.name}: quantity changed to ${quantity}.` };
}

export async function removeFromCart(_previous: CartActionState | null, form: FormData): Promise<CartActionState> {
  const parsed = productIdSchema.safeParse(form.get("productId"));
  if (!parsed.success) return { ok: false, message: "Unknown product." };
  const state = await readCartCookie();
  if (state.status === "valid") await removeCartItem(state.cartId, parsed.data);
  revalidatePath("/", "layout");
  return { ok: true, message: "Removed from your cart." };
}

const couponSchema = z
  .string({ error: "Enter a discount code." })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9-]{3,32}$/, "That is not a discount code we use.");

/**
 * Codes are looked up only for a cart, and at most COUPON_LIMIT_PER_CART times per cart in 10 minutes
 * (lib/security/limits.ts), so they cannot be guessed at full speed.
 */
export async function applyCoupon(_previous: CartActionState | null, form: FormData): Promise<CartActionState> {
  const parsed = couponSchema.safeParse(form.get("code"));
  if (!parsed.success) return { ok: false, message: firstError(parsed.error) };
  const state = await readCartCookie();
  if (state.status !== "valid") return { ok: false, message: "Add something to your cart first." };
  const attempt = await rateAttempt(limits().couponCart, state.cartId);
  if (!attempt.allowed) {
    return { ok: false, message: `Too many discount codes tried on this cart. Try again in ${waitInWords(attempt.retryAfterSeconds)}.` };
  }
  const coupon = await findCoupon(parsed.data);
  if (!coupon) return { ok: false, message: `We do not know the code ${parsed.data}.` };
  const problem = couponProblem(coupon, await currentMarket());
  if (problem) return { ok: false, message: problem };
  await setCartCoupon(state.cartId, coupon.code);
  revalidatePath("/", "layout");
  return { ok: true, message: `Code ${coupon.code} applied: ${coupon.description}.` };
}

export async function removeCoupon(): Promise<CartActionState> {
  const state = await readCartCookie();
  if (state.status === "valid") await removeCartCoupon(state.cartId);
  revalidatePath("/", "layout");
  return { ok: true, message: "Discount code removed." };
}
