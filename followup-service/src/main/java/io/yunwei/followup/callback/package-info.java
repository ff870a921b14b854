/** Satisfaction callbacks and revisits scheduled when a ticket closes, one set per resolution cycle. */
package io.yunwei.followup.callback;
