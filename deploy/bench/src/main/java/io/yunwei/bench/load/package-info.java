/** The end-to-end load benchmark with its raw baselines on the same broker, store and gateway. */
package io.yunwei.bench.load;
