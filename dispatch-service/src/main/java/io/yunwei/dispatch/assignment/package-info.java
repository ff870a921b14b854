/** Dispatches of tickets to engineers: explained assignment, acceptance, reassignment, escalation, appointments. */
package io.yunwei.dispatch.assignment;
