/** What the caller gets when a routed service is down, slow, or no route matches. */
package io.yunwei.gateway.routing;
