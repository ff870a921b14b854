/** RFC 9457 problem responses written by the gateway itself, outside any controller. */
package io.yunwei.gateway.problem;
