ALTER TABLE `checkout_sessions` ADD `express` text;--> statement-breakpoint
ALTER TABLE `checkout_sessions` ADD `shipping_option` text;--> statement-breakpoint
ALTER TABLE `checkout_sessions` ADD `express_review` text;