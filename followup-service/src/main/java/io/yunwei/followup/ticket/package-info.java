/**
 * A ticket's follow-up, one document per ticket: its callbacks and revisits per resolution cycle, the supervisor's
 * closure notices, the articles drafted from it, and the events they raise on {@code followup.events}.
 */
package io.yunwei.followup.ticket;
