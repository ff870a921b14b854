/** The public entry point: routes {@code /api/v1} to the services behind a bearer-token check. */
package io.yunwei.gateway;
