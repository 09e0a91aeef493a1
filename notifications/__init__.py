"""Notices to the shopper on every change of their order: e-mail (Vietnamese, HTML and text)
and, for the changes worth a text message, SMS or Zalo ZNS through a pluggable backend.

How a notice travels:

- The orders services record it with `orders.services.notifications.notify_order_changed` in
  the transaction of the change (one outbox message, handler "notifications.order_changed").
- The handler (`notifications.sending.send_order_notice`) reads the order as it is then,
  renders `notifications/email/<kind>.txt` and `.html` and sends them once: the key
  "notify:<kind>:<order>:<part>:<ref>" (the confirmation keeps "order_placed:<order>", which
  the order page reads) is claimed in `orders.SentEmail` in the same transaction as the send,
  so a handler run twice mails once and a failed send leaves no claim and is retried.
- For the kinds in `notifications.sms.SMS_KINDS` it then records a second message
  ("notifications.order_sms"), so that a failing SMS provider is retried on its own and never
  sends the e-mail again.
- An order the shopper muted (`OrderNotificationSetting.muted_at`, set from the link in every
  e-mail) gets neither.
"""
