/** Follow-up's own record of each ticket from every service's events, and the incident report made from it. */
package io.yunwei.followup.archive;
