/** How fast the local store acknowledges single-document writes from concurrent writers. */
package io.yunwei.bench.store;
