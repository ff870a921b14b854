/** Abuse limits at the edge: requests per client, body sizes, and which browser origins may call. */
package io.yunwei.gateway.limits;
