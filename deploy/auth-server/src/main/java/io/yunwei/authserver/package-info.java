/** The local stack's OAuth2 authorization server, issuing client-credentials tokens to the demo clients. */
package io.yunwei.authserver;
