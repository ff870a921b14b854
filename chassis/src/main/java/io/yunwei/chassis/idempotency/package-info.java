/**
 * Safe retries: a request sent again under its {@code Idempotency-Key} is answered with its first response, never
 * applied twice. Keys belong to the caller who sent them; a key reused for a different request is refused. A step on
 * a document that exists keeps its answer in that document ({@link Answered}, one write with the change); a request
 * that creates a document keeps it in a collection keyed by caller and key ({@link IdempotentCreates}).
 */
package io.yunwei.chassis.idempotency;
