"""The email outbox: any app queues mail here, the worker sends it once (factcheck.mail.outbox)."""

from factcheck.mail.outbox import email_queue, email_send_attempt, emails_resume, retry_schedule

__all__ = ["email_queue", "email_send_attempt", "emails_resume", "retry_schedule"]
