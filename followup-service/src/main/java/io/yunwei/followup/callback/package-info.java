/**
 * Satisfaction callbacks and revisits, one set per resolution cycle: scheduled at closure, swept when due under a
 * lease, recorded with the customer's verdict, and turned into a reopening when the fault is back.
 */
package io.yunwei.followup.callback;
