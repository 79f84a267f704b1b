-- Neutral words: the orders row's provider status holds any provider's status word (Order Management's, Checkout.com's,
-- a payment transaction's), so the column is provider_status; renaming keeps every value.
ALTER TABLE `orders` RENAME COLUMN `klarna_status` TO `provider_status`;
