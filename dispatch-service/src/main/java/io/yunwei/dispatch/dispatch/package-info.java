/** Dispatches of tickets to engineers, with the explanation of every assignment. */
package io.yunwei.dispatch.dispatch;
