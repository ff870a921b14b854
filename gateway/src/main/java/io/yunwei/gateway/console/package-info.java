/** The console: the browser's sign-in, session and server-rendered pages, calling the API through the gateway's routes. */
package io.yunwei.gateway.console;
