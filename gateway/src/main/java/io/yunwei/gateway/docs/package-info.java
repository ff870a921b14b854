/** Documentation the gateway serves itself: the catalogue of events the services publish. */
package io.yunwei.gateway.docs;
