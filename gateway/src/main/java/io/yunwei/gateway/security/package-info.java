/** Bearer-token checks at the edge: which paths are open, and how refusals are answered. */
package io.yunwei.gateway.security;
