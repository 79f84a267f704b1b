-- Neutral words: a checkout session holds the provider's id of the purchase it became (a Klarna order id, a
-- Checkout.com payment id), so the column is provider_reference; renaming keeps every value.
ALTER TABLE `checkout_sessions` RENAME COLUMN `klarna_order_id` TO `provider_reference`;
