-- The secret of a one-time password link travels beside the email, never inside its body
-- (which holds a placeholder): the worker puts it in place when sending, and it is erased
-- once the email is delivered, or when the link has expired anyway.
ALTER TABLE outbox ADD COLUMN secret TEXT;
