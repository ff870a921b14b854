/** Bearer tokens checked in every service, each operation's roles before its body, and the caller's identity. */
package io.yunwei.chassis.security;
