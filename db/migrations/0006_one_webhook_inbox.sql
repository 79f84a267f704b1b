-- One webhook inbox (lib/payments/webhook-inbox.ts): Checkout.com's and Klarna payment requests' events move into the
-- shared webhook_events (unique on provider + event id), kept as they were (applied or not), and their own tables go.
INSERT OR IGNORE INTO `webhook_events` (`provider`, `event_id`, `event_type`, `subject_reference`, `occurred_at`, `received_at`, `body`, `applied_at`)
SELECT 'checkout-com', `event_id`, `type`, `subject_id`, `created_on`,
  strftime('%Y-%m-%dT%H:%M:%fZ', `received_at` / 1000.0, 'unixepoch'),
  json_object('id', `event_id`, 'type', `type`, 'created_on', `created_on`, 'data', json_object('id', `subject_id`)),
  CASE WHEN `applied` THEN strftime('%Y-%m-%dT%H:%M:%fZ', `received_at` / 1000.0, 'unixepoch') ELSE NULL END
FROM `checkout_com_webhook_events`;
--> statement-breakpoint
INSERT OR IGNORE INTO `webhook_events` (`provider`, `event_id`, `event_type`, `subject_reference`, `occurred_at`, `received_at`, `body`, `applied_at`)
SELECT 'klarna-network', `event_id`, `event_type`, coalesce(`subject`, ''), `occurred_at`, `received_at`, `body`, `applied_at`
FROM `kn_webhook_events`;
--> statement-breakpoint
DROP TABLE `checkout_com_webhook_events`;--> statement-breakpoint
DROP TABLE `kn_webhook_events`;
