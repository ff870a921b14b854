/** Visits: one engineer's trip to the customer's site for a ticket, from check-in to the signed service form. */
package io.yunwei.field.visit;
