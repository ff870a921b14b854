/** Safe retries of intake's creating requests: the first response to an {@code Idempotency-Key} is kept and replayed. */
package io.yunwei.intake.idempotency;
