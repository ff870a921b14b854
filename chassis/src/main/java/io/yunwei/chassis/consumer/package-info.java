/** Bounded retries, dead letters that are recorded and counted, never log-and-skip. */
package io.yunwei.chassis.consumer;
