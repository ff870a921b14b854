/** Bounded retries, dead letters that are recorded and counted, never log-and-skip, and re-driven once fixed. */
package io.yunwei.chassis.consumer;
