import { expect, test } from "@playwright/test";
import { signIn } from "./support/admin";

// The merchant's coupons and block list, as Klarna's validation will read them.

test("create and deactivate a coupon, block and unblock a shopper", async ({ page }) => {
  const code = `E2E-${Date.now().toString(36).toUpperCase()}`;
  const email = `e2e-${Date.now()}@example.com`;

  await page.goto("/admin/coupons");
  await signIn(page);
  await expect(page.getByRole("heading", { level: 1, name: "Coupons" })).toBeVisible();

  const newCode = page.getByRole("form", { name: "New code" });
  await newCode.getByLabel("Code").fill(code.toLowerCase());
  await newCode.getByLabel("Description").fill("100 kr off, end to end");
  await newCode.getByRole("radio", { name: "Fixed amount" }).check();
  await newCode.getByLabel("Amount off").fill("100");
  await newCode.getByLabel("Currency").selectOption("SEK");
  await newCode.getByLabel("Maximum uses").fill("5");
  await newCode.getByRole("button", { name: "Create code" }).click();
  await expect(newCode.getByRole("status")).toContainText(`Created ${code}`);

  const row = page.getByTestId(`coupon-${code}`);
  await expect(row).toContainText("100 kr off, end to end");
  await expect(row).toContainText("0 / 5");
  await expect(row).toContainText("Active");

  // The same code again is refused, on the code field.
  await newCode.getByLabel("Code").fill(code);
  await newCode.getByLabel("Description").fill("Again");
  await newCode.getByRole("radio", { name: "Percentage" }).check();
  await newCode.getByLabel("Percent off").fill("10");
  await newCode.getByRole("button", { name: "Create code" }).click();
  await expect(newCode.getByRole("alert")).toContainText(`There is already a code ${code}`);
  await expect(newCode.getByLabel("Code")).toHaveAttribute("aria-invalid", "true");

  await row.getByRole("button", { name: `Deactivate ${code}` }).click();
  await expect(row).toContainText("Inactive");
  await expect(row.getByRole("button", { name: `Reactivate ${code}` })).toBeVisible();

  await page.getByRole("navigation", { name: "Back office" }).getByRole("link", { name: "Block list" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Block list" })).toBeVisible();
  const block = page.getByRole("form", { name: "Block a shopper" });
  await block.getByLabel("E-mail address").fill(`  ${email.toUpperCase()} `);
  await block.getByLabel("Reason").fill("End-to-end test");
  await expect(block.getByText(email, { exact: true })).toBeVisible();
  await block.getByRole("button", { name: "Add to block list" }).click();
  await expect(block.getByRole("status")).toContainText(`Blocked the e-mail ${email}`);

  const entry = page.getByTestId(`blocked-email-${email}`);
  await expect(entry).toContainText("End-to-end test");
  await entry.getByRole("button", { name: `Remove ${email} from the block list` }).click();
  await expect(page.getByRole("status").filter({ hasText: `Removed the e-mail ${email}` })).toBeVisible();
  await expect(entry).toHaveCount(0);
});
