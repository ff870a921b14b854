/** Runs the whole system on one machine, each part in its own JVM: {@link io.yunwei.local.LocalStack}. */
package io.yunwei.local;
