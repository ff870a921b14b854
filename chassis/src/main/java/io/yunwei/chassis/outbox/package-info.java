/** Transactional outbox without multi-document transactions: pending events live in their aggregate's document. */
package io.yunwei.chassis.outbox;
