/**
 * Measuring instruments: the load benchmark, the fault-injection suite and the bad-input sweep, with what they
 * share: the target system (a local stack of their own or a deployment by URL), the gateway client and the event log.
 */
package io.yunwei.bench;
