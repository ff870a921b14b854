/** The fault-injection suite: the lifecycle under crashes, outages, rebalances, duplicates and poison, with invariants. */
package io.yunwei.bench.fault;
