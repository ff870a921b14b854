/** Reporting each closure to the supervisor responsible for it: the notice, its event, and the supervisor's inbox. */
package io.yunwei.followup.supervisor;
