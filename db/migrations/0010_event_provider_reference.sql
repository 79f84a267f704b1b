-- Neutral words: an order event is filed under the order's provider reference (any provider's), so the column is
-- provider_reference; renaming keeps every value and the index on it.
ALTER TABLE `order_events` RENAME COLUMN `klarna_order_id` TO `provider_reference`;
