/** Bearer-token validation in every service and the acting identity taken from the token. */
package io.yunwei.chassis.security;
