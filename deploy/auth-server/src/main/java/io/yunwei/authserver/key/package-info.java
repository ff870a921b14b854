/** The token signing key, kept on disk so tokens outlive a restart of the local stack. */
package io.yunwei.authserver.key;
