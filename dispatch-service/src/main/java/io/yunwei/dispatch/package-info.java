/** The dispatch desk: engineers, fair and explainable assignment, acceptance, escalation and appointments. */
package io.yunwei.dispatch;
