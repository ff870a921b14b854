/**
 * Documentation the gateway serves itself: the catalogue of events the services publish, and the merged OpenAPI
 * description of the whole API.
 */
package io.yunwei.gateway.docs;
