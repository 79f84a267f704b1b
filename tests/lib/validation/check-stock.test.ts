import { describe, expect, it } from "vitest";
import { checkStock } from "@/lib/validation/validate-order";
import { goodsLine, productBySlug, setStock } from "./support";

// fjell-down-jacket (TS-CL-101) is seeded with 8 in stock; each test sets the stock it needs.
const JACKET = { slug: "fjell-down-jacket", sku: "TS-CL-101" };

describe("checkStock", () => {
  it("accepts a line when there is more than enough in stock", async () => {
    await setStock(JACKET.slug, 8);
    expect(await checkStock([goodsLine(JACKET.sku, 3)])).toBeNull();
  });

  it("accepts a line that takes exactly what is in stock", async () => {
    await setStock(JACKET.slug, 8);
    expect(await checkStock([goodsLine(JACKET.sku, 8)])).toBeNull();
  });

  it("refuses a line one short of the ordered quantity, naming the SKU", async () => {
    await setStock(JACKET.slug, 8);
    expect(await checkStock([goodsLine(JACKET.sku, 9)])).toEqual({
      reason: "out_of_stock",
      sku: JACKET.sku,
      detail: expect.stringContaining("8 in stock, 9 ordered"),
    });
  });

  it("refuses a sold-out product", async () => {
    await setStock(JACKET.slug, 0);
    expect(await checkStock([goodsLine(JACKET.sku, 1)])).toMatchObject({ reason: "out_of_stock", sku: JACKET.sku });
  });

  it("refuses a SKU the store does not sell", async () => {
    expect(await checkStock([goodsLine("TS-XX-999", 1)])).toMatchObject({ reason: "out_of_stock", sku: "TS-XX-999" });
  });

  it("names the first short line of several", async () => {
    await setStock(JACKET.slug, 2);
    const mug = await productBySlug("titanium-mug-450");
    const denial = await checkStock([goodsLine(mug.sku, 1), goodsLine(JACKET.sku, 3), goodsLine("TS-XX-999", 1)]);
    expect(denial).toMatchObject({ reason: "out_of_stock", sku: JACKET.sku });
  });

  it("checks digital goods and lines without a type (Klarna's default is physical) too", async () => {
    await setStock(JACKET.slug, 1);
    expect(await checkStock([goodsLine(JACKET.sku, 2, { type: undefined })])).toMatchObject({ reason: "out_of_stock" });
    const ebook = await productBySlug("nordic-trails-ebook");
    await setStock(ebook.slug, 0);
    expect(await checkStock([goodsLine(ebook.sku, 1, { type: "digital" })])).toMatchObject({ reason: "out_of_stock", sku: ebook.sku });
  });

  it("ignores shipping, discount and sales-tax lines, whose references are not products", async () => {
    const lines = [
      goodsLine("shipping", 1, { type: "shipping_fee" }),
      goodsLine("WELCOME10", 1, { type: "discount", unit_price: -1000, total_amount: -1000 }),
      goodsLine("sales-tax", 1, { type: "sales_tax" }),
    ];
    expect(await checkStock(lines)).toBeNull();
  });
});
