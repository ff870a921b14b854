/** After closure: satisfaction callbacks, revisits, recurrence, incident reports, knowledge and the archive. */
package io.yunwei.followup;
