/** Measuring instruments: the load benchmark, the fault-injection suite and the bad-input sweep. */
package io.yunwei.bench;
