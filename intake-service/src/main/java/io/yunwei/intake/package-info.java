/** The call centre: customers and their equipment, calls, tickets recorded with 5W1H, their status and SLA clocks. */
package io.yunwei.intake;
