/** The demo clients of the local stack and the role and actor claims their access tokens carry. */
package io.yunwei.authserver.client;
